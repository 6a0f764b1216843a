"""Issue 12 point 15, screening, end to end through the real admin, server, worker and emulators:
once an ordered case's status reached iCIMS, Compare is clean; the status changed directly in the
iCIMS emulator's state (no webhook: drift) is found by Compare with Certn as the side that is right,
Fix all writes the status the Certn case maps to, and Compare is clean again."""

import pytest

from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK
from sync.models import RUN_ACTIVE, DifferenceStatus, DriftReport, Run
from tests.live import wait_until
from tests.screening.live import (
    admin_post,
    admin_session,
    certn_action,
    screening,
    settled,
    the_case,
    wait_screening,
    wire,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _compare(session, hub) -> DriftReport:
    before = set(DriftReport.objects.values_list("pk", flat=True))
    said = admin_post(session, hub, "/admin/sync/driftreport/compare/screening/", {})
    assert "compare queued" in said, said
    return wait_until(
        lambda: DriftReport.objects.exclude(pk__in=before).filter(finished_at__isnull=False).first(),
        timeout=90,
        message=f"the compare finished\n{hub.log_tail()}",
    )


def _set_icims_status(workflow, case_id: str, status: str) -> None:
    """Change the order's status in the emulator's own state: iCIMS sends no notification for it."""
    from integrations.icims.sandbox.models import Person

    person = Person.objects.get(pk=workflow.person_id)
    [group] = [g for g in person.fields["bgcresults"] if str(g.get("bgcorderid")) == case_id]
    group["bgcorderstatus"] = status
    person.save()


def test_icims_screening_status_changed_behind_the_hub_is_found_fixed_by_fix_all_then_clean(live_hub):
    _, client, workflow = wire(live_hub)
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)
    case = the_case(live_hub, email_address="amara.okafor@example.org")
    case_id = str(case.pk)
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=case_id)
    certn_action(live_hub, "advance", case_id=case_id, score="CLEAR")  # APPLICANT_SUBMITTED
    wait_screening(live_hub, client, workflow, "In-Progress Vendor", bgcorderid=case_id)
    settled(live_hub)
    wait_until(
        lambda: not Run.objects.filter(status__in=RUN_ACTIVE).exists(), message=f"runs settled\n{live_hub.log_tail()}"
    )
    session = admin_session(live_hub)

    first = _compare(session, live_hub)
    assert (first.found, first.compared) == (0, 1), list(first.differences.values_list("detail", flat=True))

    _set_icims_status(workflow, case_id, "Complete")  # a recruiter's hand edit; Certn still says in progress
    assert screening(client, workflow)["bgcorderstatus"] == "Complete"

    report = _compare(session, live_hub)
    [diff] = report.differences.all()
    assert diff.kind == "screening_status_differs" and diff.right_side == "Certn"
    assert "APPLICANT_SUBMITTED" in diff.detail and "'Complete'" in diff.detail
    assert "amara.okafor@example.org" in diff.subject

    page = session.get(f"{live_hub.url}/admin/sync/driftreport/{report.pk}/change/", timeout=60)
    assert "Fix all (1)" in page.text
    said = admin_post(session, live_hub, f"/admin/sync/driftreport/{report.pk}/fix-all/", {})
    assert "1 fix(es) queued" in said, said
    wait_until(
        lambda: report.differences.filter(status__in=[DifferenceStatus.FIXED, DifferenceStatus.FAILED]).exists(),
        timeout=90,
        message=f"the fix ran\n{live_hub.log_tail()}",
    )
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FIXED, diff.fix_message
    assert diff.fix_run.records.filter(action="update_icims", outcome="updated").exists()
    group = screening(client, workflow)
    assert (group["bgcorderid"], group["bgcorderstatus"]) == (case_id, "In-Progress Vendor")

    clean = _compare(session, live_hub)
    assert (clean.found, clean.compared) == (0, 1), list(clean.differences.values_list("detail", flat=True))
