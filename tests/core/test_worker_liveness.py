"""Outages cost minutes, not hours: leases renewed while a worker lives, history written as events
finish, a deadline on each event's calls, and a batch past its budget handing the rest back."""

import time

import pytest
import responses

from integrations.client import ApiClient
from integrations.client.deadline import DeadlineExceeded, deadline
from integrations.models import Connection
from sync.models import EventStatus, InboundEvent, Run
from sync.services import processing
from sync.services.heartbeat import keep_alive
from sync.services.processing import event_process
from tests.core.helpers import Recorder, register_test_flow


def new_event(conn, key) -> InboundEvent:
    return InboundEvent.objects.create(connection=conn, event_type="test.event", dedupe_key=key, payload={})


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_worker_lives_and_stops_with_it(make_connection, settings):
    settings.EVENT_HEARTBEAT_SECONDS, settings.EVENT_LEASE_SECONDS = 0.05, 30
    event = new_event(make_connection("docebo")[0], "h1")
    InboundEvent.objects.filter(pk=event.pk).update(status=EventStatus.PROCESSING, claim="c1", lease_until=None)
    with keep_alive(InboundEvent.objects.filter(claim="c1")):
        time.sleep(0.3)
    renewed = InboundEvent.objects.get(pk=event.pk).lease_until
    assert renewed is not None
    time.sleep(0.2)
    assert InboundEvent.objects.get(pk=event.pk).lease_until == renewed  # no beats after the block


@pytest.mark.django_db
def test_each_finished_event_is_written_before_the_next_one_runs(make_connection, monkeypatch):
    monkeypatch.setattr(processing, "FLUSH_SECONDS", 0)
    conn = make_connection("docebo")[0]
    first, second = new_event(conn, "f1"), new_event(conn, "f2")
    seen_runs = []

    class Watching(Recorder):
        def on_event(self, ctx, event):
            seen_runs.append(Run.objects.filter(event=first).exists())  # what a killed worker leaves behind
            super().on_event(ctx, event)

    register_test_flow(Watching())
    try:
        event_process(event_id=first.pk)
    finally:
        from sync.flows.registry import unregister

        unregister("test.flow")
    assert seen_runs == [False, True]
    assert InboundEvent.objects.get(pk=second.pk).status == EventStatus.SUCCEEDED  # same batch


@pytest.mark.django_db
def test_a_batch_past_its_budget_hands_the_rest_back_uncounted(make_connection, flow, settings):
    settings.EVENT_BATCH_BUDGET_SECONDS = 0
    conn = make_connection("docebo")[0]
    events = [new_event(conn, f"b{i}") for i in range(3)]
    assert event_process(event_id=events[0].pk) == EventStatus.SUCCEEDED  # the nudged one always runs
    rest = InboundEvent.objects.filter(pk__in=[e.pk for e in events[1:]])
    assert [(e.status, e.attempts, e.claim) for e in rest] == [(EventStatus.RECEIVED, 0, "")] * 2


@responses.activate
def test_calls_stop_at_the_deadline_and_the_last_read_waits_only_what_is_left():
    class Client(ApiClient):
        system = "test"

    conn = Connection(pk=1, system="docebo", base_url="https://api.vendor.test")
    responses.get("https://api.vendor.test/x", json={})
    sent = []
    client = Client(conn)
    original = client.session.request
    client.session.request = lambda *a, **kw: sent.append(kw["timeout"]) or original(*a, **kw)
    with deadline(5):
        client.get_json("/x")
    assert sent[0][1] <= 5
    with deadline(0.5), pytest.raises(DeadlineExceeded):
        client.get_json("/x")
    assert len(sent) == 1  # nothing sent once the time ran out


@pytest.mark.django_db
def test_a_batch_also_takes_a_dead_workers_event_whose_lease_ran_out(make_connection, flow):
    from django.utils import timezone

    conn = make_connection("docebo")[0]
    orphan, fresh = new_event(conn, "o1"), new_event(conn, "n1")
    InboundEvent.objects.filter(pk=orphan.pk).update(
        status=EventStatus.PROCESSING,
        attempts=1,
        claim="dead",
        lease_until=timezone.now() - timezone.timedelta(seconds=1),
    )
    assert event_process(event_id=fresh.pk) == EventStatus.SUCCEEDED
    assert InboundEvent.objects.get(pk=orphan.pk).status == EventStatus.SUCCEEDED  # not left for the sweep


@pytest.mark.django_db
def test_a_slow_flow_claims_one_event_at_a_time_so_idle_workers_can_take_the_rest(make_connection, monkeypatch):
    monkeypatch.setattr(processing, "CLAIM_AHEAD_SECONDS", 0.01)  # each event below takes 0.02 s
    conn = make_connection("docebo")[0]
    events = [new_event(conn, f"s{i}") for i in range(4)]
    held_by_others, written = [], []

    class Slow(Recorder):
        def on_event(self, ctx, event):
            time.sleep(0.02)
            ahead = InboundEvent.objects.exclude(pk__in=[event.pk, *self.seen]).filter(status=EventStatus.PROCESSING)
            held_by_others.append(ahead.count())  # claimed by this worker and not yet started
            written.append(Run.objects.filter(event__in=self.seen).count())  # the events before this one
            super().on_event(ctx, event)

    register_test_flow(Slow())
    try:
        assert event_process(event_id=events[2].pk) == EventStatus.SUCCEEDED
    finally:
        from sync.flows.registry import unregister

        unregister("test.flow")
    assert held_by_others == [0, 0, 0, 0]  # never more than the running one: still one batch for all four
    assert written == [0, 1, 2, 3]  # each event's run written as it ended, not a FLUSH_SECONDS later
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {EventStatus.SUCCEEDED}


@pytest.mark.django_db
def test_a_quick_flow_claims_the_rest_of_its_batch_at_once(make_connection, flow, settings, monkeypatch):
    settings.EVENT_BATCH_SIZE = 10
    monkeypatch.setattr(processing, "CLAIM_AHEAD_SECONDS", 60)  # any test machine's pace is "quick"
    conn = make_connection("docebo")[0]
    events = [new_event(conn, f"q{i}") for i in range(6)]
    claims = []
    original = processing.events_claim

    def counting(**kwargs):
        claims.append(kwargs["limit"])
        return original(**kwargs)

    monkeypatch.setattr(processing, "events_claim", counting)
    event_process(event_id=events[0].pk)
    assert claims[0] == 1 and claims[1] == 9  # the nudged one, then the batch's room: one claim for the rest
    assert InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).count() == 6


@pytest.mark.django_db
def test_a_nudge_for_an_event_already_done_takes_the_oldest_waiting_one(make_connection, flow):
    conn = make_connection("docebo")[0]
    done, waiting = new_event(conn, "d1"), new_event(conn, "w1")
    InboundEvent.objects.filter(pk=done.pk).update(status=EventStatus.SUCCEEDED)
    assert event_process(event_id=done.pk) is None  # nothing to say about the nudged one
    assert InboundEvent.objects.get(pk=waiting.pk).status == EventStatus.SUCCEEDED
