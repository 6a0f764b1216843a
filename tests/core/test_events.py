"""Processing: the state machine, retries with backoff, dead events, replay, held and the sweep."""

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from integrations.models import Connection
from sync.models import EventStatus, Flow, InboundEvent, Notification, Run
from sync.services import events as svc
from sync.services.notifications import notifications_send
from sync.services.processing import event_process
from sync.tasks import sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def conn(make_connection):
    return make_connection("docebo")[0]


def new_event(conn: Connection, key="k1", event_type="test.event") -> InboundEvent:
    return InboundEvent.objects.create(
        connection=conn, event_type=event_type, dedupe_key=key, payload={"id": key}, external_id=f"obj-{key}"
    )


def test_event_is_processed_once_through_its_flow(conn, flow):
    event = new_event(conn)
    assert event_process(event_id=event.pk) == EventStatus.SUCCEEDED
    assert event_process(event_id=event.pk) is None  # already done: a second nudge does nothing
    assert flow.seen == [event.pk]
    run = Run.objects.get(event=event)
    assert (run.trigger, run.status, run.created) == ("webhook", "succeeded", 1)
    assert Flow.objects.get(key="test.flow").runs.order_by("-id").first() == run


def test_failure_backs_off_then_a_retry_succeeds(conn, flow, settings):
    settings.EVENT_RETRY_BASE_SECONDS = 30
    flow.fail_times = 1
    event = new_event(conn)
    assert event_process(event_id=event.pk) == EventStatus.RETRYING
    event.refresh_from_db()
    assert event.attempts == 1 and "boom" in event.last_error
    assert 25 < (event.next_attempt_at - timezone.now()).total_seconds() <= 30
    assert event_process(event_id=event.pk) is None  # not due yet
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31)):
        assert svc.events_due() == [event.pk]
        assert event_process(event_id=event.pk) == EventStatus.SUCCEEDED
    event.refresh_from_db()
    assert event.attempts == 2 and flow.seen == [event.pk]


def test_event_goes_dead_after_the_last_attempt_and_one_email_is_sent(conn, flow, settings):
    settings.EVENT_MAX_ATTEMPTS = 3
    flow.fail_times = 99
    events = [new_event(conn, key=f"k{i}") for i in range(2)]
    now = timezone.now()
    for step in range(3):
        with time_machine.travel(now + timezone.timedelta(hours=step)):
            for event in events:
                event_process(event_id=event.pk)
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {EventStatus.DEAD}
    assert notifications_send() == 1  # a storm of failures: one message per recipient and flow
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.com"]
    body = mail.outbox[0].body
    assert body.startswith("2 problem(s)")  # the two dead events; none of the retries before them
    assert body.count("failed for good after 3 tries") == 2
    for event in events:  # each line links to the event's page, at the hub's own address
        assert f"{settings.HUB_BASE_URL}/admin/sync/inboundevent/{event.pk}/change/" in body
    flow.fail_times = 0
    assert svc.event_replay(event_ids=[e.pk for e in events]) == 2
    assert event_process(event_id=events[0].pk) == EventStatus.SUCCEEDED  # takes the other one too
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {EventStatus.SUCCEEDED}


def test_a_worker_takes_waiting_events_in_one_batch_and_writes_their_runs_together(conn, flow, settings):
    settings.EVENT_BATCH_SIZE = 3
    events = [new_event(conn, key=f"b{i}") for i in range(5)]
    assert event_process(event_id=events[4].pk) == EventStatus.SUCCEEDED
    done = set(InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).values_list("pk", flat=True))
    assert done == {events[4].pk, events[0].pk, events[1].pk}  # the nudged one first, then the oldest
    assert Run.objects.filter(event__in=done, status="succeeded", created=1).count() == 3
    assert event_process(event_id=events[0].pk) is None  # already done: its own nudge is a no-op


def test_one_failing_event_in_a_batch_does_not_hold_back_the_others(conn, flow):
    flow.fail_times = 1
    first, second = new_event(conn, key="f1"), new_event(conn, key="f2")
    assert event_process(event_id=first.pk) == EventStatus.RETRYING
    second.refresh_from_db()
    assert second.status == EventStatus.SUCCEEDED and flow.seen == [second.pk]
    assert Run.objects.get(event=first).status == "errored"


def test_notifications_wait_for_the_interval_before_a_second_message(conn, flow, settings):
    settings.NOTIFY_INTERVAL_MINUTES = 5
    Notification.objects.create(recipient="ops@example.com", flow_key="f", subject="s", line="one")
    assert notifications_send() == 1
    Notification.objects.create(recipient="ops@example.com", flow_key="f", subject="s", line="two")
    assert notifications_send() == 0
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        assert notifications_send() == 1
    assert [m.body.count("- ") for m in mail.outbox] == [1, 1]


def test_sweep_recovers_an_event_whose_worker_died(conn, flow, settings, django_capture_on_commit_callbacks):
    event = new_event(conn)
    InboundEvent.objects.filter(pk=event.pk).update(
        status=EventStatus.PROCESSING, attempts=1, lease_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep()  # Q_SYNC in tests: the re-enqueued task runs inline
    assert result["events"] == 1
    event.refresh_from_db()
    assert event.status == EventStatus.SUCCEEDED and flow.seen == [event.pk]


def test_sweep_nudges_a_received_event_whose_queue_message_was_lost(conn, flow):
    event = new_event(conn)
    InboundEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - timezone.timedelta(minutes=2))
    sweep()
    event.refresh_from_db()
    assert event.status == EventStatus.SUCCEEDED


def test_events_for_a_disabled_flow_are_held_and_replayed_once_enabled(conn, flow):
    from sync.services.runs import flow_row

    row = flow_row("test.flow")
    row.enabled = False
    row.save()
    event = new_event(conn)
    assert event_process(event_id=event.pk) == EventStatus.HELD
    assert flow.seen == []
    row.enabled = True
    row.save()
    svc.event_replay(event_ids=[event.pk])
    assert event_process(event_id=event.pk) == EventStatus.SUCCEEDED


def test_guarded_flow_ignores_events_and_says_why(conn):
    from sync.flows.registry import unregister
    from tests.core.helpers import Recorder, register_test_flow

    recorder = Recorder()
    register_test_flow(recorder, key="test.guarded", guard=lambda: "CREDLY_INTEGRATION_MASTER is credly")
    try:
        event = new_event(conn)
        assert event_process(event_id=event.pk) == EventStatus.IGNORED
        event.refresh_from_db()
        assert "CREDLY_INTEGRATION_MASTER is credly" in event.last_error
        assert recorder.seen == []
    finally:
        unregister("test.guarded")


def test_event_type_no_flow_handles_is_kept_as_unsupported(conn, flow):
    event = new_event(conn, event_type="nobody.listens")
    assert event_process(event_id=event.pk) == EventStatus.UNSUPPORTED
    assert InboundEvent.objects.filter(pk=event.pk).exists()


def test_ignore_marks_events_never_to_process(conn, flow):
    event = new_event(conn)
    assert svc.event_ignore(event_ids=[event.pk]) == 1
    assert event_process(event_id=event.pk) is None
