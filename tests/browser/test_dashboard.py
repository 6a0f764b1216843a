"""The home dashboard in a real browser, on the demo's data: a connection whose check failed and
whose calls are paused, and an event failed for good, appear on it; the dead-events count opens
the filtered list; the setup checklists and Getting started render. Screenshots: dashboard.png,
getting-started.png, checklist-badges.png, checklist-compliance.png, checklist-screening.png."""

import re

import pytest

from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]
DEAD_HOST = "http://127.0.0.1:9"  # nothing listens there: every call is refused at once
NAME = "Certn Australia (old account)"


def _failing_connection(settings):
    from integrations.services import connection_create

    settings.ALLOW_PRIVATE_HOSTS = True  # a host that stopped answering; the rule is for the admin's form
    conn, _ = connection_create(
        system="certn", name=NAME, slug="certn-au-old", region="AU", base_url=DEAD_HOST, credentials={"api_key": "k"}
    )
    return conn


def _open_breaker(conn, settings):
    """Calls through the real client until the shared circuit breaker opens (the cache is shared
    with the live server, as it is with every worker)."""
    from integrations.client import TransientError

    settings.CIRCUIT_BREAKER_FAILURES = 2
    for _ in range(2):
        client = conn.client()
        client.max_retries = 0
        with pytest.raises(TransientError):
            client.list_groups()


def _dead_event(conn):
    from sync.models import EventStatus, InboundEvent

    InboundEvent.objects.create(
        connection=conn, event_type="CASE_STATUS_CHANGED", dedupe_key="ok", payload={}, status=EventStatus.SUCCEEDED
    )
    return InboundEvent.objects.create(
        connection=conn,
        event_type="CASE_STATUS_CHANGED",
        dedupe_key="dead",
        payload={},
        status=EventStatus.DEAD,
        attempts=6,
        last_error="HostUnreachable: GET /api/public/groups/: ConnectionError",
    )


def test_a_failing_connection_and_a_dead_event_show_on_the_dashboard(page, settings):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    conn = _failing_connection(settings)
    log_in(page)

    page.goto(f"/admin/integrations/connection/{conn.pk}/check/")  # the check runs in the live worker
    page.click("input[type=submit][value='Check now']")
    page.wait_for_selector("table.checklist", timeout=60_000)  # the page refreshes itself until it is done
    assert page.locator("table.checklist td.failed").count() >= 1
    _open_breaker(conn, settings)
    event = _dead_event(conn)

    page.goto("/admin/")
    card = page.locator(f".card[data-connection='{NAME}']")
    assert "Calls paused until" in card.inner_text() and "calls in a row failed" in card.inner_text()
    assert "Last check: Failed" in card.inner_text()
    assert "did not answer (no connection or a time-out)" in card.inner_text()
    assert page.inner_text("#events-dead .count") == "1"
    assert page.is_visible("#runs svg") and page.is_visible("#start")
    assert no_horizontal_scroll(page)
    shot(page, "dashboard")

    page.click("#events-dead")
    page.wait_for_url(re.compile(r".*/admin/sync/inboundevent/\?status__exact=dead"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and str(event.pk) in rows.first.inner_text()

    page.goto("/admin/")
    card.locator("text=1 failed for good").click()
    page.wait_for_url(re.compile(rf".*status__exact=dead&connection__id__exact={conn.pk}"))
    assert page.locator("#result_list tbody tr").count() == 1


def test_getting_started_leads_to_each_setup_checklist(page):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    log_in(page)
    page.goto("/admin/")
    page.click("#start a:text('Getting started')")
    page.wait_for_selector("ol.start")
    assert no_horizontal_scroll(page)
    shot(page, "getting-started")
    for key in ("badges", "compliance", "screening"):
        page.goto("/admin/getting-started/")
        page.click(f"ol.start a[href='/admin/setup/{key}/']")
        page.wait_for_selector("table.console-checklist")
        states = page.locator("table.console-checklist .state").all_inner_texts()
        assert states and set(states) <= {"Done", "To do", "Not seen yet"}
        assert no_horizontal_scroll(page)
        shot(page, f"checklist-{key}")
