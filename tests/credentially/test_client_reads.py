"""CredentiallyClient reads against recorded answers: profile paging and filtering, lookup by email,
requirements, documents and their downloads, checks, references and onboarding."""

import pytest
import responses

from integrations.client import NotFound
from integrations.credentially.client import PAGE_SIZE
from tests.credentially.helpers import BASE, PROFILE_ID, _query, make_client
from tests.credentially.samples import sample


@pytest.fixture
def client():
    return make_client()


@responses.activate
def test_profiles_are_paged_at_the_largest_size_until_the_last_page(client):
    responses.get(
        f"{BASE}/api/profile",
        json=sample("api/profiles_page0"),
        match=[responses.matchers.query_param_matcher({"page": "0", "size": str(PAGE_SIZE)})],
    )
    responses.get(
        f"{BASE}/api/profile",
        json=sample("api/profiles_page1"),
        match=[responses.matchers.query_param_matcher({"page": "1", "size": str(PAGE_SIZE)})],
    )
    emails = [p["email"] for p in client.iter_profiles()]
    assert emails == ["amara.okafor@example.org", "ben.carter@example.org", "chloe.nguyen@example.org"]
    assert len(responses.calls) == 2


@responses.activate
def test_find_by_email_returns_none_on_404(client):
    responses.get(f"{BASE}/api/profile/find", status=404, json={"status": 404, "message": "Profile not found"})
    assert client.find_staff_by_email("nobody@example.org") is None
    assert _query(responses.calls[0]) == {"email": "nobody@example.org"}


@responses.activate
def test_requirements_are_flattened_with_their_package_and_group(client):
    responses.get(f"{BASE}/api/compliance-packages/{PROFILE_ID}", json=sample("api/profile_compliance_packages"))
    reqs = client.get_requirements(PROFILE_ID)
    assert [(r["id"], r["type"], r["complianceStatus"]) for r in reqs] == [
        ("req-1", "DOCUMENT_TYPE", "COMPLIANT"),
        ("req-2", "INTEGRATION", "COMPLIANT"),
        ("req-3", "REFERENCE_FORM", "NOT_COMPLIANT"),
    ]
    assert reqs[0]["packageName"] == "RN core compliance" and reqs[0]["groupName"] == "Identity & checks"


@responses.activate
def test_documents_show_current_file_and_version_count(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", json=sample("api/documents"))
    (doc,) = client.list_documents(PROFILE_ID)
    assert doc["versions"] == 2 and doc["activeFile"]["id"] == 733412
    assert doc["activeFile"]["extraOcrFields"]["documentNumber"] == "533380006"


@responses.activate
def test_no_documents_is_an_empty_list(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", status=404, json={"message": "Documents not found"})
    assert client.list_documents(PROFILE_ID) == []


@responses.activate
def test_download_takes_the_current_file_and_its_name(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", json=sample("api/documents"))
    responses.get(
        f"{BASE}/api/documents/download",
        body=b"%PDF-1.4 passport",
        content_type="application/pdf",
        match=[responses.matchers.query_param_matcher({"fileId": "733412"})],
    )
    content, name, kind = client.download_document(PROFILE_ID, "doc-5f1c")
    assert (content, name, kind) == (b"%PDF-1.4 passport", "passport-2026.pdf", "application/pdf")


@responses.activate
def test_download_of_a_missing_file_is_not_found_despite_the_500(client):
    responses.get(f"{BASE}/api/documents/download", status=500, json={"status": 500, "message": "File not found"})
    with pytest.raises(NotFound):
        client.download_document(PROFILE_ID, "doc-5f1c", file_id=1)
    assert len(responses.calls) == 1


@responses.activate
def test_download_sits_out_a_short_rate_limit(client):
    responses.get(f"{BASE}/api/documents/download", status=429, headers={"Retry-After": "1"})
    responses.get(
        f"{BASE}/api/documents/download",
        body=b"bytes",
        content_type="image/png",
        headers={"Content-Disposition": 'attachment; filename="scan.png"'},
    )
    assert client.download_document(PROFILE_ID, "doc", file_id=7) == (b"bytes", "scan.png", "image/png")
    assert client.waits == [1.0]


@responses.activate
def test_checks_gather_dbs_right_to_work_and_registration(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    responses.get(f"{BASE}/api/dbs/{PROFILE_ID}", json=sample("api/dbs_checks"))
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}/right-to-work", json=sample("api/right_to_work"))
    checks = client.get_checks(PROFILE_ID)
    assert checks["dbs"][0]["status"] == "BLANK_NO_NEW_INFO"
    assert checks["rightToWork"]["passed"] is True
    assert checks["professionalRegistration"]["registrationNumber"] == "91A2345B"


@responses.activate
def test_references_and_onboarding_read_back(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}/references", json=sample("api/references"))
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    assert client.list_references(PROFILE_ID)[0]["referee"]["fullName"] == "Dr Alex Johnson"
    onboarding = client.get_onboarding(PROFILE_ID)
    assert (onboarding["status"], onboarding["stepsCompleted"], onboarding["stepsTotal"]) == ("COMPLETED", 1, 1)
