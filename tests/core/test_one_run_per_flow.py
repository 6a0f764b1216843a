"""One batch run per flow at a time, held by the database: a second Run now is refused with
what is running, and webhook runs (one per event) are not limited."""

import pytest
from django.db import IntegrityError, transaction

from sync.models import Run, RunStatus, Trigger
from sync.services.runs import FlowNotRunnable, flow_row, run_enqueue

pytestmark = pytest.mark.django_db


def test_a_second_run_now_is_refused_while_the_first_is_queued_or_running(flow):
    first = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    with pytest.raises(FlowNotRunnable, match=rf"already running, started \d\d:\d\d \(run #{first.pk}\)"):
        run_enqueue(flow_key="test.flow", trigger=Trigger.SCHEDULE)
    Run.objects.filter(pk=first.pk).update(status=RunStatus.RUNNING, progress_done=9, progress_total=20)
    with pytest.raises(FlowNotRunnable, match="45%"):
        run_enqueue(flow_key="test.flow", trigger=Trigger.REPLAY)
    Run.objects.filter(pk=first.pk).update(status=RunStatus.SUCCEEDED)
    assert run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL).pk != first.pk


def test_the_database_refuses_a_second_active_run_even_past_the_service(flow):
    row = flow_row("test.flow")
    Run.objects.create(flow=row, trigger=Trigger.MANUAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(flow=row, trigger=Trigger.SCHEDULE, status=RunStatus.RUNNING)


def test_webhook_runs_of_one_flow_are_not_limited(flow):
    row = flow_row("test.flow")
    Run.objects.create(flow=row, trigger=Trigger.MANUAL)
    for _ in range(3):
        Run.objects.create(flow=row, trigger=Trigger.WEBHOOK, status=RunStatus.RUNNING)
    assert Run.objects.filter(flow=row, status=RunStatus.RUNNING).count() == 3


def test_admin_says_the_flow_is_already_running(admin_client, flow):
    row = flow_row("test.flow")
    first = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    response = admin_client.post("/admin/sync/flow/", {"action": "run_now", "_selected_action": [row.pk]}, follow=True)
    assert b"already running, started" in response.content
    assert list(Run.objects.exclude(trigger=Trigger.WEBHOOK).values_list("pk", flat=True)) == [first.pk]


def test_a_run_requested_while_one_is_running_goes_once_more_when_it_ends(flow):
    from sync.services.context import RunContext
    from sync.services.runs import get_flow, run_close, run_request

    first = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    assert run_request(flow_key="test.flow", trigger=Trigger.MANUAL).pk == first.pk  # queued: it will see it all
    Run.objects.filter(pk=first.pk).update(status=RunStatus.RUNNING)
    assert run_request(flow_key="test.flow", trigger=Trigger.MANUAL).pk == first.pk
    run_request(flow_key="test.flow", trigger=Trigger.MANUAL)  # asked twice: still one more run, not two
    first.refresh_from_db()
    run_close(RunContext(first, get_flow("test.flow")))
    again = Run.objects.exclude(pk=first.pk).get()
    assert (again.status, again.params) == (RunStatus.QUEUED, {})
