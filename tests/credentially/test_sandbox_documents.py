"""The Credentially sandbox's documents through Django's test client: current file and version count,
downloads, new versions and the webhooks they queue, multipart uploads, the download rate bucket."""

import io
import json

import pytest

from integrations.credentially import events
from integrations.credentially.sandbox import http, state
from integrations.credentially.sandbox.seed import fake_file
from integrations.sandbox.models import SandboxDelivery
from tests.credentially.conftest import API, _subscribe

pytestmark = pytest.mark.usefixtures("fresh_buckets")


def test_documents_show_current_file_and_count_of_versions(api, org):
    amara = org.profiles.get(email="amara.okafor@example.org")
    docs = {d["type"]["key"]: d for d in api("get", f"documents/{amara.public_id}").json()}
    passport = docs["PASSPORT"]
    assert passport["versions"] == 2 and passport["activeFile"]["issued"] == "2024-02-10"
    assert passport["activeFile"]["extraOcrFields"] == {"documentNumber": "533380006"}
    download = api("get", f"documents/download?fileId={passport['activeFile']['id']}")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-1.4")
    assert download["Content-Disposition"] == 'attachment; filename="passport-2024.pdf"'
    missing = api("get", "documents/download?fileId=1")
    assert missing.status_code == 500 and missing.json()["message"] == "File not found"


def test_new_document_version_counts_up_and_queues_webhooks(api, org, django_capture_on_commit_callbacks):
    _subscribe(org)
    amara = org.profiles.get(email="amara.okafor@example.org")
    before = api("get", f"documents/{amara.public_id}").json()
    with django_capture_on_commit_callbacks() as callbacks:
        state.document_upload(
            profile=amara,
            type_key="PASSPORT",
            filename="passport-2026.pdf",
            content=fake_file(1000),
            content_type="application/pdf",
            number="999",
        )
    passport = next(d for d in api("get", f"documents/{amara.public_id}").json() if d["type"]["key"] == "PASSPORT")
    old = next(d for d in before if d["type"]["key"] == "PASSPORT")
    assert passport["versions"] == 3 and passport["activeFile"]["id"] != old["activeFile"]["id"]
    sent = list(SandboxDelivery.objects.order_by("id"))
    # the new file awaits approval, so Amara is no longer compliant: two events, both queued after commit
    assert [d.event_type for d in sent] == [events.DOCUMENT_UPLOADED, events.COMPLIANCE_STATUS_CHANGED]
    assert len(callbacks) == 2
    body = json.loads(sent[0].body)
    assert body["payload"] == {
        "profileId": amara.public_id,
        "documentId": passport["id"],
        "fileId": passport["activeFile"]["id"],
        "documentTypeKey": "PASSPORT",
        "versions": 3,
    }
    assert sent[0].url == "http://hub.test/hooks/credentially/"


def test_upload_over_the_api_takes_multipart_and_refuses_oversize(api, org, client):
    ben = org.profiles.get(email="ben.carter@example.org")
    data = {"uploaderId": ben.public_id, "documentTypeKey": "CV", "issued": "2026-01-02", "documentNumber": "CV-1"}

    def upload(size: int):
        f = io.BytesIO(fake_file(size))
        f.name = "cv.pdf"
        return client.generic(
            "PUT", f"{API}/documents/{ben.public_id}", **_multipart(data, f), HTTP_AUTHORIZATION=f"Bearer {org.api_key}"
        )

    assert upload(2048).status_code == 200
    (doc,) = api("get", f"documents/{ben.public_id}").json()
    assert (doc["versions"], doc["activeFile"]["issued"]) == (1, "2026-01-02")
    assert "size" not in doc["activeFile"]  # not in Credentially's file object: known from the download
    assert len(api("get", f"documents/download?fileId={doc['activeFile']['id']}").content) == 2048
    assert upload(21 * 1024 * 1024).status_code == 413


def _multipart(data: dict, file) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    file.content_type = "application/pdf"
    body = encode_multipart(BOUNDARY, {"data": json.dumps(data), "file": file})
    return {"data": body, "content_type": MULTIPART_CONTENT}


def test_download_bucket_answers_429_with_retry_after(api, org):
    file_id = org.profiles.get(email="amara.okafor@example.org").documents.first().files.first().file_id
    answers = [api("get", f"documents/download?fileId={file_id}") for _ in range(http.BUCKETS["download-file"] + 1)]
    assert [a.status_code for a in answers[:-1]] == [200] * http.BUCKETS["download-file"]
    assert answers[-1].status_code == 429 and int(answers[-1]["Retry-After"]) >= 1
