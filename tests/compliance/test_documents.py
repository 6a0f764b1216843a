"""Documents: every version is sent once with its metadata; files over a limit are recorded, not sent."""

import copy
import json

import pytest

from tests.compliance.conftest import (
    ATTACHMENTS,
    CID,
    PERSON,
    PERSON_ID,
    load,
    mock_credentially_reads,
    mock_icims_writes,
    run_sync_back,
    writes,
)

pytestmark = pytest.mark.django_db
GROUP_FILE = "/fields/field60110/{group}/fields/documentfile/binary"
FILE_FIELD = f"/customers/{CID}/people/{PERSON_ID}/fields/field60101/binary"


def new_version(file_id=733999, name="passport-renewed.pdf", issued="2026-01-05"):
    docs = copy.deepcopy(load("credentially_documents"))
    docs[0]["versions"] = 2
    docs[0]["activeFile"].update(
        {"id": file_id, "originName": name, "issued": issued, "extraOcrFields": {"documentNumber": "600000001"}}
    )
    return docs


def group_bodies(http) -> list[dict]:
    return [json.loads(c.request.body) for c in writes(http, "POST", "/fields/field60110")]


def test_each_document_version_gets_its_own_group_with_its_file_and_metadata(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    mock_credentially_reads(http)
    mock_icims_writes(http, groups=[1001])
    run_sync_back(staff.credentially_connection)
    [first] = group_bodies(http)
    [upload] = writes(http, "PATCH", GROUP_FILE.format(group=1001))
    assert b"%PDF-1.4 passport" in upload.request.body
    http.reset()
    mock_credentially_reads(http, documents=new_version(), file_id=733999, file_bytes=b"%PDF renewed")
    mock_icims_writes(http, groups=[1002])
    run_sync_back(staff.credentially_connection)

    [second] = group_bodies(http)  # only the new version: the first is never sent twice
    [upload] = writes(http, "PATCH", GROUP_FILE.format(group=1002))
    assert b"%PDF renewed" in upload.request.body and b'filename="passport-renewed.pdf"' in upload.request.body
    assert (first["credentiallyfileid"], first["issuedate"], first["documentnumber"]) == (
        "733412",
        "2024-02-10",
        "533380006",
    )
    assert (second["credentiallyfileid"], second["issuedate"], second["documentnumber"]) == (
        "733999",
        "2026-01-05",
        "600000001",
    )
    assert writes(http, "PATCH", FILE_FIELD) == []  # the single file field is not overwritten
    versions = list(StaffDocumentFile.objects.order_by("id").values_list("file_id", "number", "status"))
    assert versions == [("733412", "533380006", FileStatus.SENT), ("733999", "600000001", FileStatus.SENT)]
    log = staff.__class__.objects.get(pk=staff.pk).values["documents.summary"].splitlines()
    assert log[0].startswith("Passport v1, file 733412") and log[1].startswith("Passport v2, file 733999")
    assert "issued 2026-01-05" in log[1] and "no. 600000001" in log[1]


def test_tenant_without_a_collection_gets_the_newest_file_in_one_file_field(staff, http):
    staff.ats_connection.settings = {**staff.ats_connection.settings, "documents_collection": "none"}
    staff.ats_connection.save()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    [upload] = writes(http, "PATCH", FILE_FIELD)
    assert b"%PDF-1.4 passport" in upload.request.body
    assert group_bodies(http) == []


def test_blank_collection_setting_from_the_admin_form_keeps_the_default_collection(staff, http):
    staff.ats_connection.settings = {**staff.ats_connection.settings, "documents_collection": ""}
    staff.ats_connection.save()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert len(group_bodies(http)) == 1 and len(writes(http, "PATCH", GROUP_FILE.format(group=1001))) == 1
    assert writes(http, "PATCH", FILE_FIELD) == []


def test_retry_after_the_group_was_made_puts_the_file_in_that_group(staff, http):
    mock_credentially_reads(http)
    http.patch(PERSON, status=204)
    http.post(ATTACHMENTS, status=204)  # iCIMS silently ignores an exact duplicate group (§2.3)
    existing = {"entry": 1007, "credentiallyfileid": "733412", "documentname": "Passport", "documenttype": "PASSPORT"}
    existing.update({"filename": "passport-2026.pdf", "issuedate": "2024-02-10", "expirydate": "2034-02-09"})
    existing["documentnumber"] = "533380006"
    other = {**existing, "entry": 1003, "credentiallyfileid": "1"}
    http.get(PERSON, json={"field60110": [other, existing]})
    http.patch(f"{ATTACHMENTS}/1007/fields/documentfile/binary", status=204)
    run_sync_back(staff.credentially_connection)

    [upload] = writes(http, "PATCH", GROUP_FILE.format(group=1007))
    assert b"%PDF-1.4 passport" in upload.request.body


def test_oversize_file_is_recorded_not_sent_and_a_link_is_written_in_its_group(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    staff.ats_connection.settings = {**staff.ats_connection.settings, "max_file_bytes": 10}
    staff.ats_connection.save()
    mock_credentially_reads(http, file_bytes=b"x" * 11)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert writes(http, "PATCH", "/binary") == []
    version = StaffDocumentFile.objects.get()
    assert version.status == FileStatus.LINKED
    assert version.reason == "file is 11 bytes, over the limit of 10 bytes"
    [group] = group_bodies(http)
    assert group["documenturl"].endswith(f"/api/files/{version.pk}/download/")
    assert group["notsentreason"] == version.reason and group["documentnumber"] == "533380006"


def test_oversize_file_without_a_collection_is_linked_in_the_url_field(staff, http):
    from mappings.compliance.models import StaffDocumentFile

    staff.ats_connection.settings = {
        **staff.ats_connection.settings,
        "max_file_bytes": 10,
        "documents_collection": "None",
    }
    staff.ats_connection.save()
    mock_credentially_reads(http, file_bytes=b"x" * 11)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    version = StaffDocumentFile.objects.get()
    link_writes = [c for c in writes(http, "PATCH", f"/people/{PERSON_ID}") if b"field50012" in c.request.body]
    assert len(link_writes) == 1
    assert f"/api/files/{version.pk}/download/".encode() in link_writes[0].request.body


def test_file_type_refused_by_credentially_limits_is_not_sent_without_a_link(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    staff.credentially_connection.settings = {"allowed_file_types": "png, jpg"}
    staff.credentially_connection.save()
    staff.ats_connection.settings = {**staff.ats_connection.settings, "documents_allow_links": False}
    staff.ats_connection.save()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    version = StaffDocumentFile.objects.get()
    assert (version.status, version.reason) == (
        FileStatus.NOT_SENT,
        "file type 'pdf' is not allowed (allowed: png, jpg)",
    )
    assert writes(http, "PATCH", "/binary") == [] and group_bodies(http) == []
    assert bytes(version.content.read()) == b"%PDF-1.4 passport"  # still kept here, for the REST API


def test_ats_refusing_a_file_marks_that_version_failed_and_the_record_failed(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile
    from sync.models import Outcome, Record

    mock_credentially_reads(http)
    http.post(ATTACHMENTS, status=201, headers={"Location": f"{ATTACHMENTS}/1001"})
    http.patch(
        f"{ATTACHMENTS}/1001/fields/documentfile/binary",
        status=400,
        json={"errors": [{"errorMessage": "Files of type .pdf are not accepted.", "errorCode": 4}]},
    )
    http.patch(PERSON, status=204)
    run = run_sync_back(staff.credentially_connection)

    version = StaffDocumentFile.objects.get()
    assert version.status == FileStatus.FAILED and "not accepted" in version.reason
    assert Record.objects.get(run=run).outcome == Outcome.FAILED


def test_missing_file_in_credentially_is_a_failed_version_not_a_crash(staff, http):
    from mappings.compliance.models import FileStatus, StaffDocumentFile

    mock_credentially_reads(http, file_id=None)
    # Credentially reports a missing file as 500 "File not found" (contract §2.7).
    http.get("https://cred.test/gateway/api/documents/download", status=500, json={"message": "File not found"})
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert StaffDocumentFile.objects.get().status == FileStatus.FAILED


def test_tenant_with_its_own_attachments_collection_keeps_each_version_in_its_own_group(staff, http):
    staff.ats_connection.settings = {**staff.ats_connection.settings, "documents_collection": "attachments"}
    staff.ats_connection.save()
    mock_credentially_reads(http)
    collection = f"https://icims.test/customers/{CID}/people/{PERSON_ID}/fields/attachments"
    http.post(collection, status=201, headers={"Location": f"{collection}/1001"})
    http.patch(f"{collection}/1001/fields/documentfile/binary", status=204)
    http.patch(f"https://icims.test/customers/{CID}/people/{PERSON_ID}", status=204)
    run_sync_back(staff.credentially_connection)

    [group] = writes(http, "POST", "/fields/attachments")
    assert json.loads(group.request.body) == {
        "documentname": "Passport",
        "documenttype": "PASSPORT",
        "credentiallyfileid": "733412",
        "filename": "passport-2026.pdf",
        "issuedate": "2024-02-10",
        "expirydate": "2034-02-09",
        "documentnumber": "533380006",
    }
    [upload] = writes(http, "PATCH", "/fields/attachments/1001/fields/documentfile/binary")
    assert b"%PDF-1.4 passport" in upload.request.body
