"""Batch runs: enqueued never inline, resumed from the checkpoint, failures recorded and replayable."""

import datetime

import pytest
from django.utils import timezone

from sync.models import Outcome, Record, Run, RunStatus, Trigger
from sync.services.flows import flows_due, validate_cron
from sync.services.runs import FlowNotRunnable, flow_row, records_replay, run_enqueue, run_execute
from sync.tasks import sweep

pytestmark = pytest.mark.django_db


def test_run_now_is_queued_not_run_inline(flow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        run = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    assert run.status == RunStatus.QUEUED and flow.batches == 0
    assert len(callbacks) == 1


def test_batch_yields_resumes_from_checkpoint_and_records_failures(flow, django_capture_on_commit_callbacks):
    run = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    run_execute(run_id=run.pk)  # first slice: items 0-5, then yields and re-enqueues (inline in tests)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert (run.created, run.failed, run.progress_done, run.progress_total) == (9, 1, 10, 10)
    refs = list(Record.objects.filter(run=run).values_list("source_ref", flat=True))
    assert sorted(refs) == sorted(f"item-{i}" for i in range(10))  # each item exactly once across slices
    failed = Record.objects.get(run=run, outcome=Outcome.FAILED)
    assert "ZeroDivisionError" in failed.message and failed.payload == {"i": 3}


def test_failed_record_is_replayed_in_a_replay_run(flow):
    run = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    run_execute(run_id=run.pk)
    failed = Record.objects.get(run=run, outcome=Outcome.FAILED)
    (replay,) = records_replay(record_ids=[failed.pk])
    run_execute(run_id=replay.pk)
    replay.refresh_from_db()
    assert (replay.trigger, replay.status, replay.created) == ("replay", "succeeded", 1)
    failed.refresh_from_db()
    assert failed.outcome == Outcome.REPLAYED


def test_a_run_whose_worker_died_is_resumed_by_the_sweep(flow):
    run = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, checkpoint={"next": 7}, lease_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    flow.batches = 1  # no more yielding
    sweep()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert sorted(Record.objects.filter(run=run).values_list("source_ref", flat=True)) == [
        "item-7",
        "item-8",
        "item-9",
    ]


def test_disabled_flow_refuses_to_run(flow):
    row = flow_row("test.flow")
    row.enabled = False
    row.save()
    with pytest.raises(FlowNotRunnable, match="disabled"):
        run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)


def test_cron_schedule_fires_in_the_flow_time_zone(flow):
    row = flow_row("test.flow")
    row.schedule_cron, row.schedule_timezone = "0 2 * * *", "America/Los_Angeles"
    row.save()
    # 02:00 in Los Angeles in November (PST, UTC-8) is 10:00 UTC.
    at = timezone.datetime(2026, 11, 23, 10, 0, 30, tzinfo=datetime.UTC)
    assert flows_due(now=at) == [row]
    assert flows_due(now=at + timezone.timedelta(hours=1)) == []


def test_bad_cron_or_time_zone_is_refused_with_a_plain_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="five fields"):
        validate_cron("every day", "UTC")
    with pytest.raises(ValidationError, match="Unknown time zone"):
        validate_cron("0 2 * * *", "Mars/Olympus")
