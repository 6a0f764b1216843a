"""A running batch refreshes itself in a real browser: the runs list and the run's page show its
progress moving without anyone reloading (sync/static/sync/runs_live.js polling the runs' JSON).

The Docebo -> Credly batch over the demo plus a few dozen bulk courses, each with the demo badge
chosen in Docebo's badge field, and the emulators slowed by the sandbox fault switch, so the
run takes a while; it is started with the admin's Run now and executed by the live hub's worker.
"""

import re
from datetime import date

import pytest

from tests.badges.sandbox import wire
from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot
from tests.live import wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

FLOW = "badges.docebo_to_credly"
COURSES = 40
LATENCY_MS = 120  # on every Docebo and Credly call: a course takes at least one


def table_fits(page) -> bool:
    """The list's table shows every column: no scrolling inside its box either (the admin lets a
    wide table scroll there, which hides the last columns at 1366 px)."""
    return page.evaluate(
        "(() => { const t = document.querySelector('#result_list');"
        " return t.scrollWidth <= t.parentElement.clientWidth + 1; })()"
    )


def slow_batch_world() -> None:
    """The demo, then bulk courses that each have a completion and the demo badge in their field."""
    from integrations.docebo.sandbox import EMULATOR as DOCEBO
    from integrations.docebo.sandbox import state
    from integrations.docebo.sandbox.models import Course, CourseFieldValue
    from integrations.sandbox.models import SandboxFault

    wire()
    chosen = CourseFieldValue.objects.exclude(option=None).select_related("field", "option").get()
    for _ in range(COURSES):  # each course its own learner: each course issues a badge of its own in Credly
        DOCEBO.seed_bulk(courses=1, learners=1, completions=1, completed_on=date.today())
    for course in Course.objects.filter(name__startswith="Bulk course"):
        state.set_course_option(course=course, field=chosen.field, option=chosen.option)
    # both sides slowed: the batch reads many courses' enrollments in one call, so each course's own
    # time is its badge's issue in Credly
    for system in ("docebo", "credly"):
        SandboxFault.objects.update_or_create(system=system, defaults={"latency_ms": LATENCY_MS})


def run_now(page) -> int:
    """Press Run now for the batch on the Flows list, as an admin would; the worker takes it."""
    from sync.models import Run
    from sync.services.flows import flows_sync

    rows = {row.key: row.pk for row in flows_sync()}  # every flow has its row, as `setup_schedules` makes
    page.goto("/admin/sync/flow/")
    page.check(f"input[name=_selected_action][value='{rows[FLOW]}']")
    page.select_option("select[name=action]", "run_now")
    page.click("button[name=index]")
    page.wait_for_selector("text=run(s) queued")
    return Run.objects.filter(flow__key=FLOW, trigger="manual").latest("pk").pk


def progress_moves(page, run_id: int, *, timeout_ms: int = 30_000) -> tuple[str, str]:
    """Wait, without reloading, for the run's progress cell to change; returns (before, after)."""
    cell = f"[data-run='{run_id}'][data-field='progress']"
    page.wait_for_selector(cell)
    before = page.inner_text(cell)
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).textContent !== text", arg=[cell, before], timeout=timeout_ms
    )
    assert page.evaluate("window.notReloaded === true"), "the page was reloaded"
    return before, page.inner_text(cell)


def test_a_running_batch_advances_in_the_runs_list_and_on_its_page_without_a_reload(page, live_hub):
    from sync.models import Run, RunStatus

    slow_batch_world()
    log_in(page)
    run_id = run_now(page)
    wait_until(
        lambda: Run.objects.get(pk=run_id).progress_total,
        timeout=60,
        message=f"the worker started the run\n{live_hub.log_tail()}",
    )

    page.goto("/admin/sync/run/")
    before, after = progress_moves(page, run_id)
    assert re.fullmatch(r"\d+/\d+ \(\d+%\)", after) and after != before
    assert page.inner_text(f"[data-run='{run_id}'][data-field='status']") == "Running"
    assert page.inner_text(f"[data-run='{run_id}'][data-field='duration']").endswith("s")
    assert no_horizontal_scroll(page) and table_fits(page)
    shot(page, "runs-live-list")

    page.goto(f"/admin/sync/run/{run_id}/change/")
    before, after = progress_moves(page, run_id)
    assert page.inner_text(f"[data-run='{run_id}'][data-field='status']") == "Running"
    assert page.inner_text(f"[data-run='{run_id}'][data-field='finished']") == "-"
    shot(page, "runs-live-run-page")

    status = f"[data-run='{run_id}'][data-field='status']"
    page.wait_for_function("sel => document.querySelector(sel).textContent !== 'Running'", arg=status, timeout=120_000)
    run = Run.objects.get(pk=run_id)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert page.inner_text(status) == "Succeeded"
    assert (
        page.inner_text(f"[data-run='{run_id}'][data-field='progress']")
        == f"{run.progress_total}/{run.progress_total} (100%)"
    )
    assert page.inner_text(f"[data-run='{run_id}'][data-field='created']") == str(run.created)
    assert page.inner_text(f"[data-run='{run_id}'][data-field='finished']") != "-"
    assert page.evaluate("window.notReloaded === true")
    shot(page, "runs-live-finished")
    print(f"runs_live: {run.progress_total} courses in {(run.finished_at - run.started_at).total_seconds():.1f} s")
