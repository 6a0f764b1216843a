"""End-to-end stories on the real server and worker: iCIMS sandbox -> hub -> Certn sandbox -> hub -> iCIMS.

A recruiter's move in the iCIMS sandbox travels as a real gzip'd, Basic-auth webhook; the hub's
worker orders from the Certn sandbox over HTTP; Certn's signed webhooks bring the status back.
"""

import pytest
import requests
import time_machine
from django.utils import timezone

from demo.screening import REPORT_FILE_FIELD
from integrations.certn.sandbox import EMULATOR as CERTN
from integrations.certn.sandbox import models as certn_sandbox
from integrations.icims.sandbox.models import NotificationTarget
from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK
from integrations.models import Connection
from integrations.sandbox.models import SandboxDelivery, SandboxFault
from mappings.screening.models import ReportUrlType
from sync.models import InboundEvent, Link
from tests.live import wait_until
from tests.screening.live import certn_action, screening, the_case, wait_screening, wire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


VARIANTS = [None, *(("certn", v) for v in CERTN.variants), ("icims", "oauth"), ("icims", "hmac")]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(v) if v else "default")
def test_stage_orders_one_check_and_each_status_and_the_pdf_reach_icims(live_hub, sandbox_variant, client, variant):
    """The whole story under each documented variant: Certn's hex, base64 or no signatures (no secret
    then, as such an account gives none) and report links that expire in 15 minutes; iCIMS's OAuth-only
    API and HMAC-signed notifications."""
    if variant:
        sandbox_variant(*variant)
    icims, client_icims, workflow = wire(live_hub)
    unsigned = variant == ("certn", "unsigned")
    assert bool(Connection.objects.get(slug="certn-ca").credential("webhook_secret")) is not unsigned
    NotificationTarget.objects.update(repeat=2)  # iCIMS's own duplicate notification
    client_icims.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)

    case = the_case(live_hub, email_address="amara.okafor@example.org")
    assert (case.account.region, case.group.name) == ("ca", "Hiring - iCIMS")
    assert case.invites.count() == 1
    group = wait_screening(live_hub, client_icims, workflow, "In-Progress Candidate", bgcorderid=str(case.pk))
    assert group["bgcpackage"] == "Standard - Criminal + ID (iCIMS)"
    wait_until(
        lambda: SandboxDelivery.objects.filter(system="icims", status_code=200).count() == 2,
        message="both iCIMS notifications answered",
    )
    assert certn_sandbox.Case.objects.count() == 1 and InboundEvent.objects.filter(connection=icims).count() == 1

    for certn_status, icims_status in [
        ("APPLICANT_SUBMITTED", "In-Progress Vendor"),
        ("IN_PROGRESS", "In-Progress Vendor"),
    ]:
        certn_action(live_hub, "advance", case_id=str(case.pk), score="CLEAR")
        wait_until(
            lambda s=certn_status: Link.objects.get(target_id=str(case.pk)).data.get("certn_status") == s,
            message=f"the hub to see {certn_status}\n{live_hub.log_tail()}",
        )
        wait_screening(live_hub, client_icims, workflow, icims_status)
    certn_action(live_hub, "advance", case_id=str(case.pk), score="CLEAR")
    done = wait_screening(live_hub, client_icims, workflow, "Complete", bgcresult="CLEAR")
    done = wait_until(  # the PDF is generated after completion; CASE_REPORT_READY brings it
        lambda: Link.objects.get(target_id=str(case.pk)).data.get("report_file") and screening(client_icims, workflow),
        message=f"the PDF stored in iCIMS\n{live_hub.log_tail()}",
    )
    assert done["bgcreporturl"] == f"{live_hub.url}/sandbox/certn/ca/portal/cases/{case.pk}/"  # does not expire
    assert not SandboxDelivery.objects.filter(system="certn", status_code__gte=400).exists()
    assert certn_sandbox.Case.objects.count() == 1

    # The report stays readable from iCIMS after Certn's pre-signed link has expired.
    handed_out = (
        Connection.objects.get(slug="certn-ca")
        .client()
        .get_report_file(Link.objects.get(target_id=str(case.pk)).data["report_file_id"])["pdf_url"]
    )
    expires_soon = variant == ("certn", "pdf_links_expire_15_min")
    later = timezone.now() + timezone.timedelta(minutes=16 if expires_soon else 24 * 60 + 1)
    with time_machine.travel(later):
        assert client.get(handed_out.removeprefix(live_hub.url)).status_code == 403
    content, content_type = client_icims.download_file(workflow.person_id, field=REPORT_FILE_FIELD)
    assert content_type == "application/pdf" and content.startswith(b"%PDF") and b"CLEAR" in content


def test_uk_region_orders_on_the_uk_host_and_writes_the_portal_link(live_hub):
    _, client, workflow = wire(live_hub, region="UK", report=ReportUrlType.PORTAL)
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)

    case = the_case(live_hub, email_address="amara.okafor@example.org")
    assert case.account.region == "uk" and not certn_sandbox.Case.objects.filter(account__region="ca").exists()
    wait_screening(live_hub, client, workflow, "In-Progress Candidate")
    certn_action(live_hub, "set-status", case_id=str(case.pk), status="COMPLETE", score="REVIEW")
    done = wait_screening(live_hub, client, workflow, "Complete", bgcresult="REVIEW")
    assert done["bgcreporturl"] == f"{live_hub.url}/sandbox/certn/uk/portal/cases/{case.pk}/"
    assert "/admin/login/" in requests.get(done["bgcreporturl"], timeout=10, allow_redirects=False).headers["Location"]


def test_certn_answering_500_twice_still_gives_one_order(live_hub):
    _, client, workflow = wire(live_hub)
    SandboxFault.objects.update_or_create(system="certn", defaults={"fail_next": 2, "error_status": 500})
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)

    case = the_case(live_hub, email_address="amara.okafor@example.org")
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=str(case.pk))
    assert SandboxFault.objects.get(system="certn").fail_next == 0
    assert certn_sandbox.Case.objects.count() == 1


def test_bad_webhook_credentials_get_401_and_nothing_is_ordered(live_hub):
    _, client, workflow = wire(live_hub)
    NotificationTarget.objects.update(password="not-the-generated-password")
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)

    delivery = wait_until(
        lambda: SandboxDelivery.objects.filter(system="icims", status_code__isnull=False).first(),
        message=f"the iCIMS notification answered\n{live_hub.log_tail()}",
    )
    assert delivery.status_code == 401
    forged = live_hub.post(
        "/hooks/certn-ca/",
        data=b'{"id": "e1", "event_type": "CASE_STATUS_CHANGED", "object_id": "c1"}',
        headers={"X-Signature": "0" * 64, "Content-Type": "application/json"},
    )
    assert forged.status_code == 401
    assert not InboundEvent.objects.exists()
    assert not certn_sandbox.Case.objects.exists()
