"""End to end: the Credentially client against the sandbox over real HTTP, and a webhook that travels.

The demo connection subscribes the hub; the client creates a staff member and uploads two
versions of a passport through the emulated API on the real server; the emulator's callbacks
go through the real qcluster to the hub's webhook view and land in the inbox.
"""

import pytest

from demo import credentially as demo
from integrations.credentially import events
from integrations.credentially.payloads import DocumentData, ProfileData
from sync.models import InboundEvent
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_new_document_version_reaches_the_hub_and_reads_back(live_hub):
    conn = demo.seed()
    client = conn.client()
    assert {r["name"] for r in client.list_roles()} >= {"Registered Nurse"}
    created = ProfileData.from_api(
        client.create_staff(
            first_name="Eve", last_name="Adams", email="eve@example.org", role_id="Registered Nurse", external_id="A-1"
        )
    )
    assert (created.job_status, created.custom_fields) == ("INVITED", {"atsCandidateId": "A-1"})
    assert client.find_staff_by_email("eve@example.org")["id"] == created.id

    for version in (b"first", b"second"):
        client.upload_document(
            created.id,
            uploader_id=created.id,
            document_type_key="PASSPORT",
            filename="passport.pdf",
            content=b"%PDF-1.4 " + version,
            content_type="application/pdf",
        )
    (doc,) = [DocumentData.from_api(d) for d in client.list_documents(created.id)]
    assert doc.versions == 2
    content, name, kind = client.download_document(created.id, doc.id)
    assert (content, name, kind) == (b"%PDF-1.4 second", "passport.pdf", "application/pdf")

    def both_callbacks():
        found = list(
            InboundEvent.objects.filter(connection=conn, event_type=events.DOCUMENT_UPLOADED, external_id=created.id)
        )
        return found if len(found) == 2 else None

    uploads = wait_until(both_callbacks, message=f"two document callbacks in the inbox\n{live_hub.log_tail()}")
    assert sorted(e.payload["payload"]["versions"] for e in uploads) == [1, 2]
    assert {s["webhookName"] for s in client.list_subscriptions()} == {conn.webhook_username}


def test_check_connection_on_the_demo_connection_fails_no_line(live_hub):
    """The checklist over real HTTP against the emulator: nothing failed, each skip says why."""
    import json
    from io import StringIO

    from django.core.management import call_command

    demo.seed()
    out = StringIO()
    call_command("check_connection", "credentially-sandbox", "--json", stdout=out)  # exit 1 would raise
    checks = json.loads(out.getvalue())["checks"]
    assert {c["status"] for c in checks} <= {"passed", "skipped"}
    assert all(c["detail"] for c in checks if c["status"] == "skipped")
    assert {c["name"] for c in checks if c["status"] == "passed"} >= {
        "API key accepted",
        "Staff and compliance reads",
        "Webhook event catalogue",
        "Webhook subscription points at this hub",
    }
