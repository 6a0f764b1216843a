"""End to end: a recruiter's move in the iCIMS sandbox travels as a real gzip webhook into the hub,
and the hub's client writes a screening result and a file back over real HTTP."""

import pytest

from demo import icims as demo
from integrations.icims.payloads import PersonData, WorkflowData
from integrations.icims.sandbox.seed import (
    ATTACHMENT_COLLECTION,
    ATTACHMENT_FILE_CHILD,
    STATUS_BACKGROUND_CHECK,
    STATUS_INTERVIEW,
)
from integrations.sandbox.models import SandboxDelivery
from sync.models import InboundEvent
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("variant", [None, "oauth", "hmac"])
def test_status_move_reaches_the_hub_and_results_are_written_back(live_hub, sandbox_variant, variant):
    if variant:
        sandbox_variant("icims", variant)
    conn = demo.seed()
    client = conn.client()
    assert client.get_customer()["id"] == 7712
    assert client.auth_method() == ("oauth" if variant == "oauth" else "basic")

    [hit] = client.search_workflows(status=STATUS_INTERVIEW)
    workflow = WorkflowData.from_api(hit["id"], client.get_workflow(hit["id"]))
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)

    event = wait_until(
        lambda: InboundEvent.objects.filter(connection=conn, external_id=workflow.id).first(),
        message=f"the status-change event in the inbox\n{live_hub.log_tail()}",
    )
    assert event.dedupe_key == f"7712:{workflow.id}:{STATUS_BACKGROUND_CHECK}"
    assert (event.payload["personId"], event.payload["oldStatus"]) == (workflow.person_id, STATUS_INTERVIEW)
    # the sender records the hub's answer just after the hub stored the event: 200, as iCIMS expects
    delivery = wait_until(
        lambda: SandboxDelivery.objects.filter(system="icims", status_code=200, delivered_at__isnull=False).first(),
        message="the sandbox delivery recorded as delivered",
    )
    assert delivery.attempts == 1

    client.set_screening_result(
        workflow.id, status="In-Progress Vendor", package="Healthcare Standard", vendor_id="case-501"
    )
    client.set_screening_result(
        workflow.id,
        status="Complete",
        result="Clear",
        vendor_id="case-501",
        report_url="https://certn.example/reports/case-501.pdf",
    )
    [group] = client.get_person(workflow.person_id, fields=["bgcresults"])["bgcresults"]
    assert (group["bgcorderstatus"], group["bgcresult"], group["bgcpackage"]) == (
        "Complete",
        "Clear",
        "Healthcare Standard",
    )

    client.upload_file(
        workflow.person_id,
        field="field60102",
        filename="case-501.pdf",
        content=b"%PDF-1.4 report",
        content_type="application/pdf",
    )
    assert client.download_file(workflow.person_id, field="field60102") == (b"%PDF-1.4 report", "application/pdf")
    group = client.add_attachment(
        workflow.person_id,
        collection=ATTACHMENT_COLLECTION,
        file_field=ATTACHMENT_FILE_CHILD,
        filename="dbs.pdf",
        content=b"%PDF-1.4 dbs",
        content_type="application/pdf",
        values={"field60112": "DBS certificate"},
    )
    groups = client.get_person(workflow.person_id, fields=[ATTACHMENT_COLLECTION])[ATTACHMENT_COLLECTION]
    assert [g["entry"] for g in groups] == [group]
    kept = client.download_group_file(
        workflow.person_id, collection=ATTACHMENT_COLLECTION, group=group, file_field=ATTACHMENT_FILE_CHILD
    )
    assert kept == (b"%PDF-1.4 dbs", "application/pdf", "dbs.pdf")
    person = PersonData.from_api(workflow.person_id, client.get_person(workflow.person_id))
    assert person.email.endswith("@example.org")
