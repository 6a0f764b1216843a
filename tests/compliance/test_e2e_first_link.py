"""End to end: a candidate whose Credentially profile already holds documents is linked, and what
Credentially holds now reaches iCIMS (real server, real worker, the iCIMS and Credentially sandboxes)."""

import pytest

from integrations.credentially.sandbox.models import Document
from integrations.icims.sandbox.seed import (
    ATTACHMENT_COLLECTION,
    ATTACHMENT_FILE_CHILD,
    STATUS_OFFER_ACCEPTED,
    STATUS_ONBOARDING,
)
from mappings.compliance.models import FileStatus, StaffDocumentFile, StaffRecord
from sync.models import Record
from tests.compliance.live_steps import seed_sandboxes, workflow_at
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_first_link_sends_every_current_file_and_names_the_versions_credentially_no_longer_shows(live_hub):
    ats, _ = seed_sandboxes()
    icims = ats.client()
    workflow = workflow_at(ats, STATUS_OFFER_ACCEPTED)  # Amara: in Credentially already, passport v1, v2 and a CV
    assert icims.get_person(workflow.person_id)["email"] == "amara.okafor@example.org"
    icims.move_workflow(workflow.id, STATUS_ONBOARDING)

    staff = wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id).first(),
        message=f"the candidate linked to the existing staff member\n{live_hub.log_tail()}",
    )
    sent = StaffDocumentFile.objects.filter(document__staff=staff, status=FileStatus.SENT)
    wait_until(lambda: sent.count() == 2, message=f"both current files sent\n{live_hub.log_tail()}")

    current = {d.type_key: d.files.order_by("-id").first() for d in Document.objects.filter(profile__email=staff.email)}
    groups = icims.get_person(workflow.person_id, fields=[ATTACHMENT_COLLECTION])[ATTACHMENT_COLLECTION]
    assert sorted(int(g["credentiallyfileid"]) for g in groups) == sorted(f.file_id for f in current.values())
    for group in groups:
        original = next(f for f in current.values() if f.file_id == int(group["credentiallyfileid"]))
        kept = icims.download_group_file(
            workflow.person_id, collection=ATTACHMENT_COLLECTION, group=group["entry"], file_field=ATTACHMENT_FILE_CHILD
        )
        assert kept.content == bytes(original.content)
    passport = next(g for g in groups if g["documenttype"] == "PASSPORT")
    assert (passport["issuedate"], passport["documentnumber"]) == ("2024-02-10", "533380006")  # v2, not v1

    record = Record.objects.get(run__flow__key="compliance.sync_back", source_ref=staff.profile_id)
    assert record.outcome == "updated" and record.message.startswith("first sync since the link")
    assert "sent 2 file version(s): every document's current file" in record.message
    assert record.message.endswith("so not sent: Passport v1")
    log = icims.get_person(workflow.person_id)["credentiallydocuments"].splitlines()
    assert any(line.startswith("Passport v1: not available") for line in log)
    assert any(line.startswith("Passport v2, file") for line in log)
