"""End-to-end: a candidate leaving the stage, then Cancel and Order again from the admin, on the real
server and worker against both sandboxes (Certn's cancel over HTTP, a new invitation on re-order)."""

import pytest

from integrations.certn.sandbox import models as certn_sandbox
from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK, STATUS_ONBOARDING
from mappings.screening.models import BackgroundCheck, CaseRequest, RequestStatus
from sync.models import Record
from tests.live import wait_until
from tests.screening.live import admin_post, admin_session, certn_action, the_case, wait_screening, wire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHECKS = "/admin/screening/backgroundcheck/"


def groups(client, workflow) -> dict:
    """What iCIMS shows per Certn case (one bgcresults group per order)."""
    rows = client.get_person(workflow.person_id, fields=["bgcresults"]).get("bgcresults") or []
    return {row.get("bgcorderid"): row for row in rows}


def done(live_hub, request_filter) -> CaseRequest:
    return wait_until(
        lambda: CaseRequest.objects.filter(**request_filter).exclude(status=RequestStatus.PENDING).first(),
        message=f"the request carried out\n{live_hub.log_tail()}",
    )


def test_leaving_the_stage_keeps_the_check_then_cancel_and_order_again_with_reasons(live_hub):
    _, client, workflow = wire(live_hub)
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)
    first = the_case(live_hub, email_address="amara.okafor@example.org")
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=str(first.pk))
    check = wait_until(lambda: BackgroundCheck.objects.filter(case_id=str(first.pk)).first(), message="the check row")
    assert (check.candidate_name, check.job_title) == ("Amara Okafor", "Registered Nurse - ICU")

    # Leaving the stage: the check goes on and keeps reaching iCIMS; the run says so.
    client.move_workflow(workflow.id, STATUS_ONBOARDING)
    left = wait_until(
        lambda: Record.objects.filter(action="order_check", message__contains="goes on in Certn").first(),
        message=f"the leave recorded\n{live_hub.log_tail()}",
    )
    assert str(first.pk) in left.message and "'Cancel'" in left.message
    certn_action(live_hub, "advance", case_id=str(first.pk))
    wait_screening(live_hub, client, workflow, "In-Progress Vendor", bgcorderid=str(first.pk))

    # An open case cannot be ordered again; Cancel asks why, then a worker cancels it in Certn.
    boss = admin_session(live_hub)
    said = admin_post(
        boss,
        live_hub,
        CHECKS,
        {"action": "order_again", "_selected_action": check.pk, "confirmed": "yes", "reason": "x"},
    )
    assert "not queued" in said and "cancel an open one first" in said
    form = boss.post(
        f"{live_hub.url}{CHECKS}",
        data={"action": "cancel", "_selected_action": check.pk, "csrfmiddlewaretoken": boss.cookies["csrftoken"]},
        timeout=30,
    )
    assert "Cancel these background checks in Certn?" in form.text and 'name="reason"' in form.text
    said = admin_post(
        boss,
        live_hub,
        CHECKS,
        {"action": "cancel", "_selected_action": check.pk, "confirmed": "yes", "reason": "Candidate withdrew"},
    )
    assert "queued for 1 check" in said
    cancel = done(live_hub, {"check_row": check, "action": "cancel"})
    assert cancel.status == RequestStatus.DONE, cancel.message
    assert (cancel.reason, cancel.requested_by.username) == ("Candidate withdrew", "boss")
    first.refresh_from_db()
    assert first.overall_status == "CANCELLED"
    shown = groups(client, workflow)[str(first.pk)]
    assert (shown["bgcorderstatus"], shown["bgcresult"]) == ("Incomplete", "Cancelled")

    # Order again: a new case for the same application and package, a new invitation.
    said = admin_post(
        boss,
        live_hub,
        CHECKS,
        {"action": "order_again", "_selected_action": check.pk, "confirmed": "yes", "reason": "Withdrawal retracted"},
    )
    again = done(live_hub, {"check_row": check, "action": "order_again"})
    assert again.status == RequestStatus.DONE, again.message
    second = certn_sandbox.Case.objects.get(pk=again.new_check.case_id)
    assert second.package_id == first.package_id and second.invites.count() == 1
    assert again.new_check.replaces_id == check.pk and again.new_check.package_source == "again"
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=str(second.pk))
    assert groups(client, workflow)[str(first.pk)]["bgcorderstatus"] == "Incomplete"  # the old order stays

    # The second invitation expires: ordered again from the candidate's page this time.
    certn_action(live_hub, "set-status", case_id=str(second.pk), status="APPLICANT_EXPIRED")
    wait_screening(live_hub, client, workflow, "Incomplete", bgcorderid=str(second.pk))
    renewed = wait_until(
        lambda: BackgroundCheck.objects.filter(case_id=str(second.pk), certn_status="APPLICANT_EXPIRED").first(),
        message="the expiry seen by the hub",
    )
    page = boss.get(
        f"{live_hub.url}/admin/screening/backgroundcheck/candidate/{check.icims_connection_id}/{check.person_id}/",
        timeout=30,
    )
    assert "Candidate withdrew" in page.text and "Order again&hellip;" in page.text
    said = admin_post(
        boss, live_hub, f"{CHECKS}{renewed.pk}/ask/order_again/", {"confirmed": "yes", "reason": "New e-mail address"}
    )
    assert "queued for 1 check" in said
    third = done(live_hub, {"check_row": renewed, "action": "order_again"}).new_check
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=third.case_id)
    assert certn_sandbox.Case.objects.filter(email_address="amara.okafor@example.org").count() == 3
