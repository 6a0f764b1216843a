"""The Credentially sandbox page: its action buttons change a person (documents, checks, references,
onboarding, profile, requirements, compliance) and its sections list the state."""

import pytest

from integrations.credentially.sandbox import EMULATOR
from integrations.credentially.sandbox.models import DocumentFile, Profile

pytestmark = pytest.mark.usefixtures("fresh_buckets")


def test_page_action_uploads_a_file_of_the_chosen_size_and_sections_list_state(org, client):
    ben = org.profiles.get(email="ben.carter@example.org")
    answer = client.post(
        "/sandbox/credentially/_actions/upload_document/",
        {
            "person": ben.public_id,
            "type_key": "PASSPORT",
            "size_kb": "30",
            "issued": "2025-01-01",
            "expiry": "2035-01-01",
            "number": "P1",
            "status": "APPROVED",
        },
    )
    assert answer.status_code == 302
    file = ben.documents.get(type_key="PASSPORT").files.get()
    assert (file.size, file.number, str(file.expiry)) == (30 * 1024, "P1", "2035-01-01")
    sections = {s.title: s for s in EMULATOR.sections()}
    assert list(sections) == [
        "Staff",
        "Requirements",
        "Documents (every version)",
        "Checks",
        "References",
        "Webhook subscriptions",
    ]
    assert len(sections["Documents (every version)"].rows) == DocumentFile.objects.count()


@pytest.mark.parametrize(
    ("action", "values", "check"),
    [
        ("update_dbs", {"status": "BLANK_NO_NEW_INFO"}, lambda p: p.dbs_checks.get().status == "BLANK_NO_NEW_INFO"),
        ("update_right_to_work", {"status": "OK"}, lambda p: p.right_to_work.passed),
        (
            "add_reference",
            {"referee_name": "Jo", "referee_email": "jo@example.org"},
            lambda p: p.references.count() == 1,
        ),
        ("set_onboarding", {"steps_completed": "4"}, lambda p: all(s["completed"] for s in p.onboarding_steps)),
        ("edit_profile", {"field": "phone", "value": "+44 1"}, lambda p: p.phone == "+44 1"),
        (
            "set_requirement",
            {"requirement": "req-cv", "status": "COMPLIANT"},
            lambda p: p.requirements.get(key="req-cv").compliance_status == "COMPLIANT",
        ),
        ("set_compliance", {"status": "COMPLIANT"}, lambda p: p.compliance_status == "COMPLIANT"),
    ],
)
def test_page_actions_change_the_person(org, client, action, values, check):
    ben = org.profiles.get(email="ben.carter@example.org")
    answer = client.post(f"/sandbox/credentially/_actions/{action}/", {"person": ben.public_id, **values})
    assert answer.status_code == 302
    assert check(Profile.objects.get(pk=ben.pk))
