"""Typed payloads from the contract's sample answers and webhook bodies."""

from datetime import date

from integrations.credentially.payloads import (
    CheckData,
    CredentiallyEvent,
    DocumentData,
    ProfileData,
    ReferenceData,
    RequirementData,
)
from tests.credentially.samples import sample


def test_profile_keeps_compliance_role_and_ats_ids():
    profile = ProfileData.from_api(sample("api/create_profile")["profileDto"])
    assert (profile.role, profile.job_status, profile.compliant) == ("Registered Nurse", "INVITED", False)
    assert profile.compliance_tags == ("DOCUMENTS_MISSING", "REFERENCE_NOT_ENOUGH")
    assert profile.custom_fields == {"atsCandidateId": "20411", "atsPlacementId": "88431"}
    assert profile.onboarding_status == "IN_PROGRESS"


def test_profile_phone_comes_only_from_the_named_custom_field():
    """Credentially's published profile schema has no phone: a top-level one is not trusted."""
    data = {
        **sample("api/profile_detail"),
        "phone": "+440000000000",
        "customProfileFields": [{"shortName": "mobile", "name": "Mobile", "value": "+447700900123"}],
    }
    assert ProfileData.from_api(data).phone == ""
    assert ProfileData.from_api(data, phone_field="mobile").phone == "+447700900123"


def test_profile_registration_number_is_read_from_professional_registration():
    """The top-level registration fields are write-only in the published schema."""
    data = sample("api/profile_detail")
    assert "registrationNumber" not in data
    assert ProfileData.from_api(data).registration_number == "91A2345B"


def test_requirement_is_named_after_what_it_asks_for():
    packages = sample("api/profile_compliance_packages")
    names = [RequirementData.from_api(r).name for r in packages[0]["groups"][0]["requirements"]]
    assert names == ["Passport", "DBS Update Service", "Clinical reference"]


def test_document_carries_current_file_versions_and_the_three_metadata():
    doc = DocumentData.from_api(sample("api/documents")[0])
    assert (doc.file_id, doc.versions, doc.filename) == (733412, 2, "passport-2026.pdf")
    assert (doc.issued, doc.expiry, doc.number) == (date(2024, 2, 10), date(2034, 2, 9), "533380006")
    assert doc.status == "APPROVED" and doc.file_size is None  # size is not in Credentially's file object


def test_checks_flatten_dbs_right_to_work_and_registration():
    profile = sample("api/profile_detail")
    checks = CheckData.all_from_api(
        {
            "dbs": sample("api/dbs_checks"),
            "rightToWork": sample("api/right_to_work"),
            "professionalRegistration": profile["professionalRegistration"],
        }
    )
    assert [(c.kind, c.status, c.passed) for c in checks] == [
        ("DBS", "BLANK_NO_NEW_INFO", True),
        ("RIGHT_TO_WORK", "OK", True),
        ("REGISTRATION", "Registered", True),
    ]


def test_reference_reads_referee_and_dates():
    ref = ReferenceData.from_api(sample("api/references")["references"][0])
    assert (ref.referee_name, ref.status, ref.expiry_date) == ("Dr Alex Johnson", "OK", date(2027, 3, 10))


def test_webhook_event_names_the_profile():
    event = CredentiallyEvent.from_api(sample("PROFILE_DBS_STATUS_CHANGED"))
    assert event.profile_id == "a7b80d86-92ad-452b-8b30-580146e5e1fb" and event.payload["status"] == "NEW_INFO"
