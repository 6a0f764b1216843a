"""Processing the inbox in batches.

A worker nudged for one event also takes up to EVENT_BATCH_SIZE-1 other waiting events, runs
each through its flows, and writes the runs, records and outcomes of what has finished in one
transaction, at least every FLUSH_SECONDS. Handlers still run one event at a time; only the
bookkeeping is shared, which is most of the cost of an event whose flow has little to do. The
claim's lease is renewed while the worker lives (heartbeat.py), each event's calls have a
deadline, and a batch past its time budget hands the rest back.

The others are claimed as the worker gets to them, never more than about CLAIM_AHEAD_SECONDS of
work ahead at the pace of the events done so far: events of a quick flow come fifty at a time,
those of a flow that waits on vendors one or two at a time, so a busy worker does not hold
events an idle worker could be running (a 50-event claim of a 0.2 s flow made the last one wait
10 s while the other workers had nothing to do).
"""

import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations.client.deadline import deadline
from metrics import recorder
from sync.flows.registry import flows_for_event
from sync.models import EventStatus, InboundEvent, Record, Run, RunStatus, Trigger
from sync.queue import PROCESS_EVENT, enqueue_on_commit
from sync.services.context import RunContext
from sync.services.events import event_fail
from sync.services.heartbeat import keep_alive
from sync.services.notifications import run_notify_failure
from sync.services.runs import flow_blocked_reason, flow_row, run_close

FLUSH_SECONDS = 1.0  # finished events' runs and records are written at least this often
CLAIM_AHEAD_SECONDS = 0.25  # a worker claims at most about this much work beyond the event it runs


def event_process(*, event_id: int, limit: int | None = None) -> str | None:
    """Process this event (and other waiting ones with it); returns its new status, or None
    when it was not due (finished, or taken by another worker)."""
    limit = limit or settings.EVENT_BATCH_SIZE
    token = uuid.uuid4().hex
    # The nudged event alone; when it is not due (done, or another worker's), the oldest due one.
    events = events_claim(first_id=event_id, limit=1, token=token) or events_claim(limit=1, token=token)
    if not events:
        return None
    with keep_alive(InboundEvent.objects.filter(claim=token, status=EventStatus.PROCESSING)):
        return _process(events, token, limit).get(event_id)


def _due(now) -> Q:
    # Any due event, a dead worker's whose lease ran out included: with traffic, orphans are
    # taken again by the next claim instead of waiting for the sweep.
    return (
        Q(status=EventStatus.RECEIVED)
        | Q(status=EventStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=EventStatus.PROCESSING, lease_until__lt=now)
    )


def events_claim(*, limit: int, first_id: int | None = None, token: str = "") -> list[InboundEvent]:
    """Atomically take `first_id` (if due) and due events, oldest first, up to `limit` in all, under
    `token` (a new one if empty): the nudged event first, then by age."""
    now = timezone.now()
    due = _due(now)
    wanted = [first_id] if first_id is not None else []
    if limit > len(wanted):
        waiting = InboundEvent.objects.filter(due).exclude(pk__in=wanted).order_by("pk")
        wanted += list(waiting.values_list("pk", flat=True)[: limit - len(wanted)])
    if not wanted:
        return []
    token = token or uuid.uuid4().hex
    lease = now + timezone.timedelta(seconds=settings.EVENT_LEASE_SECONDS)
    # The status condition is re-checked row by row, so two workers never take the same event.
    InboundEvent.objects.filter(due, pk__in=wanted).update(
        status=EventStatus.PROCESSING, lease_until=lease, attempts=F("attempts") + 1, claim=token
    )
    taken = InboundEvent.objects.select_related("connection").filter(pk__in=wanted, claim=token)
    return sorted(taken.filter(status=EventStatus.PROCESSING), key=lambda e: (e.pk != first_id, e.pk))


def _claim_ahead(token: str, taken: int, limit: int, spent: float) -> list[InboundEvent]:
    """The next events for this worker: about CLAIM_AHEAD_SECONDS of work at the pace so far."""
    pace = spent / max(taken, 1)
    count = min(limit - taken, max(1, int(CLAIM_AHEAD_SECONDS / max(pace, 1e-3))))
    return events_claim(limit=count, token=token) if count > 0 else []


def _process(events: list[InboundEvent], token: str, limit: int) -> dict[int, str]:
    rows: dict[str, object] = {}
    outcomes: dict[int, str] = {}
    finished = []  # (event, [ctx], status, message)
    started = last_flush = time.monotonic()
    index, taken, ran = 0, len(events), 0
    while True:
        if index == len(events):  # all in hand done: claim more while the batch has room and time
            # What is done is written first: a slow flow's event shows its outcome as it ends, not
            # after the next one, and a quick flow writes once per claim (about 0.25 s of events).
            _settle(finished, outcomes)
            last_flush = time.monotonic()
            more = []
            if taken < limit and time.monotonic() - started <= settings.EVENT_BATCH_BUDGET_SECONDS:
                more = _claim_ahead(token, taken, limit, time.monotonic() - started)
            if not more:
                break
            events, index, taken = more, 0, taken + len(more)
        if ran and time.monotonic() - started > settings.EVENT_BATCH_BUDGET_SECONDS:
            _hand_back(events[index:])  # inside the queue's timeout: another worker takes the rest
            break
        event = events[index]
        index, ran = index + 1, ran + 1
        if time.monotonic() - last_flush > FLUSH_SECONDS:  # a killed worker loses at most this much history
            _settle(finished, outcomes)
            last_flush = time.monotonic()
        runnable, status, notes = _plan(event, rows)
        if not runnable:
            finished.append((event, [], status, notes))
            continue
        ctxs, error = [], None
        for definition, row in runnable:
            with deadline(settings.EVENT_DEADLINE_SECONDS):
                ctx, error = _handle(definition, row, event)
            ctxs.append(ctx)
            if error is not None:
                break
        if error is None:
            finished.append((event, ctxs, status, notes))
            continue
        with transaction.atomic():
            for ctx in ctxs[:-1]:
                run_close(ctx)
            # The event says it in words (retried at..., or failed for good) and the run repeats it.
            # Nobody is e-mailed for the run: a retry may yet succeed, and a dead event is told once.
            outcomes[event.pk] = event_fail(event=event, exc=error)
            run_close(
                ctxs[-1],
                status=RunStatus.ERRORED,
                message=event.last_error,
                detail=event.error_detail,
                notify=False,
            )
    _settle(finished, outcomes)
    return outcomes


def _settle(finished: list, outcomes: dict[int, str]) -> None:
    """Write what is finished so far and forget it (the list is emptied)."""
    _write(finished)
    outcomes.update({event.pk: status for event, _, status, _ in finished})
    finished.clear()


def _hand_back(events: list[InboundEvent]) -> None:
    """Give untouched events back to the inbox, their attempt not counted, and nudge a worker."""
    ids = [event.pk for event in events]
    InboundEvent.objects.filter(pk__in=ids, status=EventStatus.PROCESSING).update(
        status=EventStatus.RECEIVED, claim="", lease_until=None, attempts=F("attempts") - 1
    )
    enqueue_on_commit(PROCESS_EVENT, ids[0])


def _plan(event: InboundEvent, rows: dict):
    """([(definition, row)] to run, the status if they succeed, a note); nothing to run: settle now."""
    definitions = flows_for_event(event.connection.system, event.event_type)
    if not definitions:
        return [], EventStatus.UNSUPPORTED, "no flow handles this event type"
    runnable, held, blocked = [], [], []
    for definition in definitions:
        if definition.key not in rows:  # once per batch: the switch and the guard (which may read settings)
            row = flow_row(definition.key)
            rows[definition.key] = (row, flow_blocked_reason(row))
        row, reason = rows[definition.key]
        if not reason:
            runnable.append((definition, row))
        else:
            (held if not row.enabled else blocked).append(f"{definition.name}: {reason}")
    if not runnable:
        return ([], EventStatus.HELD, "; ".join(held)) if held else ([], EventStatus.IGNORED, "; ".join(blocked))
    return runnable, EventStatus.SUCCEEDED, "; ".join(f"not run: {note}" for note in held + blocked)


def _handle(definition, row, event: InboundEvent) -> tuple[RunContext, Exception | None]:
    """Run one flow's handler; its run is written later, with the event's outcome."""
    run = Run(flow=row, trigger=Trigger.WEBHOOK, event=event, status=RunStatus.RUNNING, started_at=timezone.now())
    ctx = RunContext(run, definition, event)
    try:
        definition.on_event(ctx, event)
    except Exception as exc:
        return ctx, exc
    return ctx, None


def _write(finished: list) -> None:
    """One transaction for the whole batch: new runs, their records, and the events' outcomes."""
    if not finished:
        return
    now = timezone.now()
    with transaction.atomic():
        fresh, records, failed = [], [], []
        for _, ctxs, _, _ in finished:
            for ctx in ctxs:
                if ctx.run.pk is not None:  # flushed mid-way (a very busy handler): close it alone
                    run_close(ctx)
                    continue
                run_records = ctx.settle_unsaved(now)
                fresh.append((ctx, run_records))
        Run.objects.bulk_create([ctx.run for ctx, _ in fresh])
        for ctx, run_records in fresh:
            run = ctx.run
            recorder.run_finished(flow=run.flow.key, status=run.status, started=run.started_at, finished=now)
            for record in run_records:
                record.run = ctx.run
            records.extend(run_records)
            if ctx.run.status == RunStatus.FAILED:
                failed.append(ctx)
        Record.objects.bulk_create(records)
        by_outcome: dict[tuple[str, str], list[int]] = {}
        for event, _, status, message in finished:
            by_outcome.setdefault((status, message), []).append(event.pk)
        for (status, message), ids in by_outcome.items():
            InboundEvent.objects.filter(pk__in=ids).update(
                status=status,
                processed_at=now,
                lease_until=None,
                next_attempt_at=None,
                last_error=message,
                error_detail="",
                claim="",
            )
    for ctx in failed:
        run_notify_failure(run=ctx.run, definition=ctx.definition)
