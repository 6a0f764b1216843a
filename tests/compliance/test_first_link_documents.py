"""All files and all versions on first link: every document's current file goes to the ATS, and the
earlier versions Credentially's API no longer shows are named in the run's record and the documents log."""

import copy

import pytest

from tests.compliance.conftest import load, mock_credentially_reads, mock_icims_writes, run_sync_back, writes

pytestmark = pytest.mark.django_db


def documents(*, versions: int, file_id: int = 733412) -> list[dict]:
    docs = copy.deepcopy(load("credentially_documents"))
    docs[0]["versions"] = versions
    docs[0]["activeFile"]["id"] = file_id
    return docs


def test_first_sync_sends_the_current_file_and_names_the_versions_the_api_no_longer_shows(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile
    from sync.models import Record

    mock_credentially_reads(http, documents=documents(versions=3))
    mock_icims_writes(http, groups=[1001])
    run = run_sync_back(staff.credentially_connection)

    [sent] = StaffDocumentFile.objects.all()
    assert (sent.file_id, sent.version, sent.status) == ("733412", 3, FileStatus.SENT)
    assert len(writes(http, "POST", "/fields/field60110")) == 1
    record = Record.objects.get(run=run)
    assert record.outcome == "updated"
    assert record.message.startswith("first sync since the link")
    assert "every document's current file" in record.message
    assert "no longer shows" in record.message and "Passport v1, Passport v2" in record.message
    log = staff.__class__.objects.get(pk=staff.pk).values["documents.summary"].splitlines()
    assert log[0].startswith("Passport v1: not available: Credentially's API shows only a document's current file")
    assert log[1].startswith("Passport v2: not available")
    assert log[2].startswith("Passport v3, file 733412") and log[2].endswith("sent (field60110/1001)")


def test_a_version_replaced_between_two_reads_is_named_once(staff, http):
    from sync.models import Record

    mock_credentially_reads(http, documents=documents(versions=1))
    mock_icims_writes(http, groups=[1001])
    first = run_sync_back(staff.credentially_connection)
    assert "no longer shows" not in Record.objects.get(run=first).message  # v1 was current: nothing missed

    http.reset()
    mock_credentially_reads(http, documents=documents(versions=3, file_id=733999), file_id=733999)
    mock_icims_writes(http, groups=[1002])
    second = run_sync_back(staff.credentially_connection)
    message = Record.objects.get(run=second).message
    assert "first sync" not in message
    assert message.endswith("so not sent: Passport v2")  # v3 is current and sent; v2 came and went unseen

    http.reset()
    mock_credentially_reads(http, documents=documents(versions=3, file_id=733999), file_id=None)
    third = run_sync_back(staff.credentially_connection)
    assert Record.objects.get(run=third).outcome == "unchanged"  # said once, not at every read
    log = staff.__class__.objects.get(pk=staff.pk).values["documents.summary"].splitlines()
    assert [line.split(":")[0].split(",")[0] for line in log] == ["Passport v1", "Passport v2", "Passport v3"]
