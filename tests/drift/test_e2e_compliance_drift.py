"""Issue 12 point 15, compliance, end to end through the real admin, server, worker and emulators:
right after a person's compliance reached iCIMS, Compare is clean; a compliance field changed
directly in the iCIMS emulator's state (no webhook: drift) is found by Compare with Credentially
as the side that is right, Fix all writes Credentially's value back, and Compare is clean again."""

import re

import pytest

from integrations.icims.sandbox.seed import STATUS_INTERVIEW
from sync.models import RUN_ACTIVE, DifferenceStatus, DriftReport, Run
from tests.badges.test_e2e_concurrent_run_now import admin_session
from tests.compliance.test_e2e import _onboard, _seed
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIELD = "credentiallycompliancestatus"


def _said(answer) -> str:
    return " ".join(re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', answer.text))


def _compare(session, hub) -> DriftReport:
    before = set(DriftReport.objects.values_list("pk", flat=True))
    csrf = session.cookies["csrftoken"]
    answer = session.post(
        f"{hub.url}/admin/sync/driftreport/compare/compliance/", data={"csrfmiddlewaretoken": csrf}, timeout=60
    )
    assert "compare queued" in _said(answer), _said(answer)
    return wait_until(
        lambda: DriftReport.objects.exclude(pk__in=before).filter(finished_at__isnull=False).first(),
        timeout=90,
        message=f"the compare finished\n{hub.log_tail()}",
    )


def test_icims_field_changed_behind_the_hub_is_found_fixed_by_fix_all_then_clean(live_hub):
    from django.contrib.auth.models import User

    from integrations.icims.sandbox.models import Person

    ats, _ = _seed()
    _, workflow = _onboard(live_hub, ats, STATUS_INTERVIEW)
    wait_until(
        lambda: not Run.objects.filter(status__in=RUN_ACTIVE).exists(), message=f"runs settled\n{live_hub.log_tail()}"
    )
    User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    session = admin_session(live_hub)

    first = _compare(session, live_hub)
    assert first.found == 0, list(first.differences.values_list("detail", flat=True))
    assert first.compared == 1

    person = Person.objects.get(pk=workflow.person_id)
    person.fields[FIELD] = "Compliant"  # Credentially still says Not compliant
    person.save()

    report = _compare(session, live_hub)
    [diff] = report.differences.all()
    assert diff.kind == "ats_field_differs" and diff.right_side == "Credentially"
    assert FIELD in diff.subject and "Not compliant" in diff.detail

    page = session.get(f"{live_hub.url}/admin/sync/driftreport/{report.pk}/change/", timeout=60)
    assert "Fix all (1)" in page.text
    answer = session.post(
        f"{live_hub.url}/admin/sync/driftreport/{report.pk}/fix-all/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=60,
    )
    assert "1 fix(es) queued" in _said(answer), _said(answer)
    wait_until(
        lambda: report.differences.filter(status=DifferenceStatus.FIXED).exists(),
        timeout=90,
        message=f"the fix ran\n{live_hub.log_tail()}",
    )
    diff.refresh_from_db()
    assert diff.fix_run.records.filter(action="sync_to_ats", outcome="updated").exists()
    assert ats.client().get_person(workflow.person_id).get(FIELD) == "Not compliant"

    clean = _compare(session, live_hub)
    assert clean.found == 0, list(clean.differences.values_list("detail", flat=True))
