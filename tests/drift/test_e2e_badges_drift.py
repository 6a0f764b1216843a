"""Issue 12 point 15, badges, end to end in the browser: a badge the hub issued is deleted directly
in the Credly emulator's state (no webhook: drift), "Compare" finds it, "Fix all" issues it again
through the real worker, and a second "Compare" is clean. The report is screenshotted."""

import pytest

from sync.models import RUN_ACTIVE, DifferenceStatus, DriftReport, Run
from tests.badges.sandbox import action, credly_badges, docebo_pk, docebo_user, settle, wire
from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot
from tests.live import wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]
LEARNER = "li.wei@example.com"
BADGE = "Data Privacy Essentials"


def _compare(page, live_hub) -> DriftReport:
    before = set(DriftReport.objects.values_list("pk", flat=True))
    page.goto("/admin/sync/driftreport/")
    page.click("text=Compare Docebo <-> Credly (badges)")
    page.wait_for_selector(".messagelist .success")
    report = wait_until(
        lambda: DriftReport.objects.exclude(pk__in=before).filter(finished_at__isnull=False).first(),
        timeout=90,
        message=f"the compare finished\n{live_hub.log_tail()}",
    )
    page.goto(f"/admin/sync/driftreport/{report.pk}/change/")
    return report


def test_badge_deleted_in_credly_is_found_by_compare_fixed_by_fix_all_then_clean(page, live_hub):
    from integrations.credly.sandbox.models import IssuedBadge, Organization

    wire()
    learner, course = docebo_user(LEARNER), docebo_pk("Course", "DAT-110")
    action(live_hub, "docebo", "enrol", learner=learner, course=course)
    action(live_hub, "docebo", "complete-course", learner=learner, course=course)
    [badge] = wait_until(lambda: credly_badges(LEARNER, BADGE), message=f"badge issued\n{live_hub.log_tail()}")
    settle(live_hub)
    Organization.objects.update(webhook_url="")  # the emulator's own echoes are other stories' subject
    IssuedBadge.objects.filter(pk=badge.pk).delete()  # the drift: gone from Credly, the hub not told

    log_in(page)
    report = _compare(page, live_hub)
    mine = report.differences.get(subject=f"{LEARNER}: {BADGE}")
    assert mine.kind == "completion_without_badge" and mine.right_side == "Docebo"
    assert page.is_visible("text=Fix all")
    assert no_horizontal_scroll(page)
    shot(page, "drift_report")

    page.click("button:has-text('Fix all')")
    page.wait_for_selector(".messagelist .success")
    wait_until(
        lambda: not report.differences.filter(status=DifferenceStatus.QUEUED).exists()
        and not Run.objects.filter(flow__key="badges.drift_fix", status__in=RUN_ACTIVE).exists(),
        timeout=90,
        message=f"the fixes ran\n{live_hub.log_tail()}",
    )
    mine.refresh_from_db()
    assert mine.status == DifferenceStatus.FIXED
    assert mine.fix_run.records.filter(action="issue_badge", outcome="created").exists()
    assert len(credly_badges(LEARNER, BADGE)) == 1  # issued again, once

    clean = _compare(page, live_hub)
    assert clean.found == 0, list(clean.differences.values_list("subject", "detail"))
    assert page.is_visible("text=both systems agree")
    shot(page, "drift_report_clean")
