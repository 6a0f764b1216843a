"""iCIMS's attachments collection, batched: a person's new versions ride in the one person PATCH as
metadata groups, one GET finds their entries, then each file goes into its group (2 + n calls)."""

import json
import time

import pytest

from tests.compliance.conftest import ATTACHMENTS, PERSON, mock_credentially_reads, run_sync_back, writes

pytestmark = pytest.mark.django_db
GROUP_FILE = f"{ATTACHMENTS}/1001/fields/documentfile/binary"
HELD = {
    "field60110": [
        {"entry": 999, "documentname": "Old letter", "credentiallyfileid": "1"},  # someone else's group
        {
            "entry": 1001,
            "documentname": "Passport",
            "documenttype": "PASSPORT",
            "credentiallyfileid": "733412",
            "filename": "passport-2026.pdf",
            "issuedate": "2024-02-10",
            "expirydate": "2034-02-09",
            "documentnumber": "533380006",
        },
    ]
}


@pytest.fixture
def batched(staff):
    staff.ats_connection.settings = {**staff.ats_connection.settings, "documents_batch_groups": True}
    staff.ats_connection.save()
    return staff


def icims_calls(http) -> list:
    return [c for c in http.calls if c.request.url.startswith(PERSON)]


def test_new_versions_ride_in_the_person_patch_and_each_file_goes_to_its_group(batched, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    mock_credentially_reads(http)
    http.patch(PERSON, status=204)
    http.get(PERSON, json=HELD)
    http.patch(GROUP_FILE, status=204)
    run_sync_back(batched.credentially_connection)

    [patch] = writes(http, "PATCH", PERSON.split("/customers")[1])
    body = json.loads(patch.request.body)
    [group] = body["field60110"]  # only the new version, with its metadata, no entry id
    assert (group["credentiallyfileid"], group["issuedate"], group["expirydate"], group["documentnumber"]) == (
        "733412",
        "2024-02-10",
        "2034-02-09",
        "533380006",
    )
    assert len(body) > 1  # the mapped values went in the same PATCH
    assert writes(http, "POST", "/fields/field60110") == []
    [upload] = writes(http, "PATCH", "/field60110/1001/fields/documentfile/binary")
    assert b"%PDF-1.4 passport" in upload.request.body
    assert len(icims_calls(http)) == 3  # PATCH, GET of the collection, the file
    version = StaffDocumentFile.objects.get()
    assert (version.status, version.ats_ref) == (FileStatus.SENT, "field60110 group of file 733412")
    log = batched.__class__.objects.get(pk=batched.pk).values["documents.summary"]
    assert "sent (field60110 group of file 733412)" in log  # as written in that same PATCH


def test_a_failed_upload_leaves_the_version_for_the_retry_which_sends_it_once(batched, http):
    from integrations.client.errors import TransientError
    from mappings.compliance.models import FileStatus, StaffDocumentFile
    from sync.flows.compliance.sync_back import ComplianceClients, sync_person

    mock_credentially_reads(http)
    http.patch(PERSON, status=204)
    http.get(PERSON, json=HELD)
    http.patch(GROUP_FILE, status=503)
    with pytest.raises(TransientError):
        sync_person(batched, ComplianceClients())
    assert StaffDocumentFile.objects.get().status == FileStatus.PENDING  # released, not lost nor failed

    http.reset()
    mock_credentially_reads(http)
    http.patch(PERSON, status=204)  # the same group again: iCIMS ignores an exact duplicate (§2.3)
    http.get(PERSON, json=HELD)
    http.patch(GROUP_FILE, status=204)
    sync_person(batched.__class__.objects.get(pk=batched.pk), ComplianceClients())
    assert len(writes(http, "PATCH", "/field60110/1001/fields/documentfile/binary")) == 1
    assert StaffDocumentFile.objects.get().status == FileStatus.SENT


def test_a_group_icims_did_not_keep_fails_that_version_only(batched, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    mock_credentially_reads(http)
    http.patch(PERSON, status=204)
    http.get(PERSON, json={"field60110": HELD["field60110"][:1]})
    run_sync_back(batched.credentially_connection)
    version = StaffDocumentFile.objects.get()
    assert version.status == FileStatus.FAILED and "kept no field60110 group" in version.reason
    assert writes(http, "PATCH", "/documentfile/binary") == []


def test_downloads_are_paced_to_the_bucket_rate_across_threads():
    from concurrent.futures import ThreadPoolExecutor

    from integrations.credentially.pacing import pace, reset

    reset()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: pace(1, "download-file", 40), range(9)))
    assert time.monotonic() - started >= 8 / 40 - 0.01  # 9 calls at 40/s: the last waits 8 slots


def _sent_batched(staff, file_id="733412"):
    from mappings.compliance.models import FileStatus, StaffDocument, StaffDocumentFile

    doc = StaffDocument.objects.create(staff=staff, document_id="doc-5f1c", type_key="PASSPORT", versions=1)
    StaffDocumentFile.objects.create(
        document=doc, file_id=file_id, version=1, status=FileStatus.SENT, ats_ref=f"field60110 group of file {file_id}"
    )


def test_check_line_passes_when_icims_kept_every_group_the_hub_sent(batched, http):
    from integrations.probes import PASSED
    from sync.flows.compliance.probes_batch import batched_groups_kept

    _sent_batched(batched)
    http.get(PERSON, json=HELD)
    assert batched_groups_kept(batched.ats_connection).status == PASSED


def test_check_line_fails_when_a_sent_group_is_gone_from_the_person(batched, http):
    from integrations.probes import FAILED
    from sync.flows.compliance.probes_batch import batched_groups_kept

    _sent_batched(batched)
    http.get(PERSON, json={"field60110": HELD["field60110"][:1]})  # replaced, not added to
    line = batched_groups_kept(batched.ats_connection)
    assert line.status == FAILED and "733412" in line.detail and "documents_batch_groups" in line.fix


def test_pacing_survives_the_clock_jumping_back():
    import datetime

    import time_machine

    from integrations.credentially.pacing import pace, reset

    reset()
    with time_machine.travel(datetime.datetime(2030, 1, 1)):
        pace(1, "download-file", 5)
    assert pace(1, "download-file", 5) < 1  # not the years between 2030 and now
