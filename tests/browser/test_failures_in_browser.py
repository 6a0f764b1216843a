"""Failures in a real browser: the events list says what went wrong in words and fits a 1366 px
screen, the technical detail opens with one click, and Retry now queues the event at once."""

import pytest

from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot
from tests.browser.test_runs_live import table_fits
from tests.live import wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

DEAD = (
    "Docebo refused the credentials (401); failed for good after 6 tries: fix the credentials on the Docebo "
    "connection, then replay"
)
DETAIL = "integrations.client.errors.Unauthorized: GET /manage/v1/user: HTTP 401 invalid_token\nstatus: 401"


def failed_world():
    from integrations.services import connection_create
    from sync.models import EventStatus, InboundEvent, Outcome, Record, Run, RunStatus, Trigger
    from sync.services.runs import flow_row

    conn, _ = connection_create(system="docebo", name="Docebo (browser)", slug="docebo-browser")
    dead = InboundEvent.objects.create(
        connection=conn,
        event_type="test.nobody.listens",  # replayed, no flow takes it: it settles as unsupported
        dedupe_key="dead-1",
        payload={},
        external_id="course-51",
        email="li.wei@example.com",
        status=EventStatus.DEAD,
        attempts=6,
        last_error=DEAD,
        error_detail=DETAIL,
    )
    run = Run.objects.create(
        flow=flow_row("badges.docebo_to_credly"),
        trigger=Trigger.MANUAL,
        status=RunStatus.ERRORED,
        message="Stopped: Docebo refused the credentials (401): fix the credentials on the Docebo connection; "
        "not finished: 37; run the flow again once it is fixed",
        error_detail=DETAIL,
        progress_done=63,
        progress_total=100,
        failed=1,
    )
    Record.objects.create(
        run=run, source_ref="course:51", action="sync_course", outcome=Outcome.FAILED, message=DEAD, payload={}
    )
    return dead, run


def test_a_dead_event_reads_in_words_opens_its_detail_and_is_retried_with_one_click(page, live_hub):
    from sync.models import EventStatus, InboundEvent

    dead, run = failed_world()
    log_in(page)
    page.goto("/admin/sync/inboundevent/")
    assert "Docebo refused the credentials (401)" in page.inner_text("#result_list")
    assert "HTTP 401" not in page.inner_text("#result_list")
    shot(page, "failures-events-list")
    assert no_horizontal_scroll(page) and table_fits(page)

    page.click(f"a[href='/admin/sync/inboundevent/{dead.pk}/change/']")
    assert not page.is_visible("text=invalid_token")  # the detail is folded away...
    page.click("text=Show the technical detail")
    assert page.is_visible("text=invalid_token")  # ...one click away
    shot(page, "failures-event-detail")

    page.goto("/admin/sync/inboundevent/?status__exact=dead")
    page.click(f"button[formaction='/admin/sync/inboundevent/{dead.pk}/retry/']")
    page.wait_for_selector(f"text=Event #{dead.pk} queued again")
    assert "status__exact=dead" in page.url  # back on the list it was pressed on
    shot(page, "failures-retry-now")
    wait_until(
        lambda: InboundEvent.objects.get(pk=dead.pk).status == EventStatus.UNSUPPORTED,
        message=f"the worker took the retried event\n{live_hub.log_tail()}",
    )

    page.goto("/admin/sync/run/")
    assert "not finished: 37" in page.inner_text("#result_list")
    assert no_horizontal_scroll(page) and table_fits(page)
    shot(page, "failures-runs-list")
    page.goto(f"/admin/sync/run/{run.pk}/change/")
    assert page.is_visible("button:has-text('Retry now')")  # the failed record, on its run's page
    shot(page, "failures-run-page")
