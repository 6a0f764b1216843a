"""Benchmark of retention: pruning keeps the inbox flat without long locks (SQLite).

    .venv/bin/python bench/prune.py                  # a million events
    .venv/bin/python bench/prune.py --events 300000  # a smaller inbox

A fresh SQLite file under var/bench/ is filled with bulk_create in chunks: `--events` inbox events
spread evenly over the last `--span-days` days (98% processed, 1% dead, 1% waiting to retry: those
must stay), and one webhook run with one record for every tenth event. Retention is 30 days for
events and runs, so about half of it is past its retention.

1. `prune` removes everything past retention in batches of RETAIN_BATCH_SIZE rows, each its own
   transaction, while a second thread keeps storing one event every 20 ms as webhook intake
   would; the intake's slowest write shows how long a batch held the write lock.
2. Then `--days` more days are simulated: each brings a day's worth of new events (the same
   rate), and the every-minute sweep (at most RETAIN_SWEEP_ROWS rows per kind per minute) runs
   until it has nothing left; the table stays at about 30 days of events.

The last line reads: prune: events_before <B> events_after <A> removed_per_s <R> longest_batch_ms <L>
"""

import argparse
import functools
import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness

CHUNK = 10_000
print = functools.partial(print, flush=True)
RETAIN_DAYS = 30


def setup(db: Path, batch_size: int, pause_ms: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{db}",
        SANDBOX_ENABLED="0",
        LOG_LEVEL="WARNING",
        RETAIN_EVENTS_DAYS=str(RETAIN_DAYS),
        RETAIN_RUNS_DAYS=str(RETAIN_DAYS),
        RETAIN_BATCH_SIZE=str(batch_size),
        RETAIN_BATCH_PAUSE_MS=str(pause_ms),
    )
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(conn, flow, count: int, *, start, span: timedelta, prefix: str) -> float:
    """Store `count` events evenly over [start, start + span), a run and a record per tenth; seconds taken."""
    from sync.models import EventStatus, InboundEvent, Record, Run, RunStatus, Trigger

    began = time.monotonic()
    for first in range(0, count, CHUNK):
        events = []
        for i in range(first, min(first + CHUNK, count)):
            at = start + span * (i / count)
            status = (
                EventStatus.DEAD if i % 100 == 7 else EventStatus.RETRYING if i % 100 == 8 else EventStatus.SUCCEEDED
            )
            events.append(
                InboundEvent(
                    connection=conn,
                    event_type="course.enrollment.completed",
                    external_id=f"user:{i % 5000} course:{i % 300}",
                    email=f"learner{i % 5000}@example.org",
                    dedupe_key=f"{prefix}-{i}",
                    payload={"user_id": i % 5000, "course_id": i % 300, "email": f"learner{i % 5000}@example.org"},
                    received_at=at,
                    processed_at=at,
                    status=status,
                    attempts=1,
                )
            )
        created = InboundEvent.objects.bulk_create(events)
        runs = [
            Run(flow=flow, trigger=Trigger.WEBHOOK, event=e, status=RunStatus.SUCCEEDED, created_at=e.received_at,
                finished_at=e.received_at, read=1, created=1)
            for e in created[::10]
        ]  # fmt: skip
        runs = Run.objects.bulk_create(runs)
        Record.objects.bulk_create(
            Record(run=r, source_ref=f"run-{r.pk}", action="issue_badge", outcome="created", created_at=r.created_at)
            for r in runs
        )  # fmt: skip
    return time.monotonic() - began


class Intake(threading.Thread):
    """Webhook intake meanwhile: one event stored every 20 ms; keeps the time each write took."""

    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn, self.stop, self.latencies = conn, threading.Event(), []

    def run(self):
        from django.db import connection

        from sync.models import InboundEvent

        n = 0
        while not self.stop.is_set():
            began = time.monotonic()
            InboundEvent.objects.create(connection=self.conn, event_type="t", dedupe_key=f"intake-{n}", payload={})
            if n:  # the first write also opens the thread's connection
                self.latencies.append((time.monotonic() - began) * 1000)
            n += 1
            time.sleep(0.02)
        connection.close()

    def figures(self) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p99 = ordered[int(len(ordered) * 0.99) - 1] if len(ordered) > 1 else ordered[0]
        return f"intake writes {len(ordered)}, p99 {p99:.0f} ms, slowest {ordered[-1]:.0f} ms"


def counts() -> str:
    from sync.models import InboundEvent, Record, Run

    return f"events {InboundEvent.objects.count():,} runs {Run.objects.count():,} records {Record.objects.count():,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to fill the inbox with")
    parser.add_argument("--span-days", type=int, default=60, help="the events are spread over this many days")
    parser.add_argument("--days", type=int, default=5, help="days of steady intake simulated after the prune")
    parser.add_argument("--batch-size", type=int, default=500, help="rows per delete transaction")
    parser.add_argument("--pause-ms", type=int, default=50, help="pause between batches (RETAIN_BATCH_PAUSE_MS)")
    args = parser.parse_args()

    db = harness.fresh_sqlite("prune")
    setup(db, args.batch_size, args.pause_ms)
    from django.conf import settings
    from django.utils import timezone

    from integrations.services import connection_create
    from sync.models import Flow, InboundEvent
    from sync.services.retention import BatchTiming, prune, retention_sweep

    conn, _ = connection_create(system="docebo", name="Docebo", slug="docebo-bench")
    flow = Flow.objects.create(key="bench.prune", name="Bench")
    now = timezone.now()
    span = timedelta(days=args.span_days)
    seconds = fill(conn, flow, args.events, start=now - span, span=span, prefix="fill")
    print(f"fill: {args.events:,} events in {seconds:.1f} s ({args.events / seconds:,.0f} events/s); {counts()}")

    before = InboundEvent.objects.count()
    intake, timing = Intake(conn), BatchTiming()
    intake.start()
    began = time.monotonic()
    removed = prune(now=now, timing=timing)
    took = time.monotonic() - began
    intake.stop.set()
    intake.join()
    total = sum(removed.values())
    print(
        f"prune: removed {removed} in {took:.1f} s ({total / took:,.0f} rows/s), {timing.batches} batches of "
        f"<= {settings.RETAIN_BATCH_SIZE}, longest batch {timing.longest_ms:.0f} ms; {intake.figures()}"
    )
    print(f"after prune: {counts()} (dead and retrying events kept)")

    per_day = args.events // args.span_days
    for day in range(1, args.days + 1):
        today = now + timedelta(days=day)
        fill(conn, flow, per_day, start=today - timedelta(days=1), span=timedelta(days=1), prefix=f"day{day}")
        sweeps, swept, day_timing = 0, 0, BatchTiming()
        while True:
            sweeps += 1
            began = time.monotonic()
            done = retention_sweep(now=today)
            day_timing.add(time.monotonic() - began)
            swept += sum(done.values())
            if not done:
                break
        print(
            f"day +{day}: +{per_day:,} events, {sweeps - 1} sweep(s) removed {swept:,} rows "
            f"(slowest sweep {day_timing.longest_ms:.0f} ms); {counts()}"
        )
    after = InboundEvent.objects.count()
    rate = total / took
    print(
        f"prune: events_before {before} events_after {after} removed_per_s {rate:.0f} "
        f"longest_batch_ms {timing.longest_ms:.0f}"
    )


if __name__ == "__main__":
    main()
