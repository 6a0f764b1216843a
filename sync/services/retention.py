"""Retention: how long the hub keeps what it learns about people, and the pruning that enforces it.

Each kind of row has a retention in days (settings `RETAIN_*_DAYS`; 0 keeps it forever): inbox
events, records (and the runs they belong to), sent notification lines, and what a connector
registers (the compliance connector: document files). Whatever failed and is not resolved stays,
however old: events received, processing, waiting to retry, dead or held; deliveries not
understood yet (raw); failed records not yet replayed, and their runs; runs still queued or
running; document files not sent yet or failed.

Rows go oldest first in small batches, each its own short transaction, so no write lock is held
for long: the every-minute sweep removes at most `RETAIN_SWEEP_ROWS` per kind, `manage.py prune`
goes on until nothing past its retention is left.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sync.models import RUN_ACTIVE, EventStatus, InboundEvent, Notification, Outcome, Record, Run


@dataclass(frozen=True)
class RetainedKind:
    """One kind of row with a retention: `candidates(cutoff)` are the rows past it and resolved.

    `remove(queryset)` removes the rows of a batch (default: delete them) and returns how many;
    it is given the candidates again, filtered to the batch, so a row that changed since it was
    picked (an event replayed meanwhile) is left alone.
    """

    name: str
    days_setting: str
    candidates: Callable[[datetime], QuerySet]
    description: str
    remove: Callable[[QuerySet], int] | None = None


@dataclass
class BatchTiming:
    """What the batches of one prune took: the bench reports the longest (the longest lock)."""

    batches: int = 0
    longest_ms: float = 0.0

    def add(self, seconds: float) -> None:
        self.batches += 1
        self.longest_ms = max(self.longest_ms, seconds * 1000)


_KINDS: dict[str, RetainedKind] = {}


def register_retention(kind: RetainedKind) -> RetainedKind:
    """Add a kind (a connector's own rows or files); pruned after the engine's, in this order."""
    _KINDS[kind.name] = kind
    return kind


def retained_kinds() -> list[RetainedKind]:
    return list(_KINDS.values())


def retention_days(kind: RetainedKind) -> int:
    return int(getattr(settings, kind.days_setting, 0) or 0)


def retention_cutoff(kind: RetainedKind, *, now: datetime | None = None) -> datetime | None:
    days = retention_days(kind)
    return (now or timezone.now()) - timedelta(days=days) if days > 0 else None


def _delete(queryset: QuerySet) -> int:
    # only("pk"): the deletion collector loads the rows (to clear the links to them); not their payloads
    return queryset.only("pk").delete()[1].get(queryset.model._meta.label, 0)


def prune_batch(kind: RetainedKind, *, now: datetime | None = None, limit: int | None = None) -> int:
    """Remove up to `limit` of the oldest rows of `kind` past their retention; returns how many."""
    cutoff = retention_cutoff(kind, now=now)
    if cutoff is None:
        return 0
    limit = limit or settings.RETAIN_BATCH_SIZE
    ids = list(kind.candidates(cutoff).order_by("pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    with transaction.atomic():
        return (kind.remove or _delete)(kind.candidates(cutoff).filter(pk__in=ids))


def _prune_kind(kind, *, now, batch_size, budget, timing) -> int:
    removed = 0
    while budget is None or removed < budget:
        limit = batch_size if budget is None else min(batch_size, budget - removed)
        started = time.monotonic()
        count = prune_batch(kind, now=now, limit=limit)
        timing.add(time.monotonic() - started)
        removed += count
        if count < limit:
            break
        time.sleep(settings.RETAIN_BATCH_PAUSE_MS / 1000)  # let waiting writers (webhook intake) in
    return removed


def prune(
    *, now: datetime | None = None, batch_size: int | None = None, rows_per_kind: int | None = None, timing=None
) -> dict[str, int]:
    """Prune every kind in batches; `rows_per_kind` bounds the work (the sweep), None goes to the end."""
    now = now or timezone.now()
    timing = timing if timing is not None else BatchTiming()
    size = batch_size or settings.RETAIN_BATCH_SIZE
    return {
        kind.name: _prune_kind(kind, now=now, batch_size=size, budget=rows_per_kind, timing=timing)
        for kind in retained_kinds()
    }


def prune_preview(*, now: datetime | None = None) -> dict[str, int]:
    """How many rows of each kind are past their retention now (what `prune --dry-run` prints)."""
    now = now or timezone.now()
    return {
        kind.name: (kind.candidates(cutoff).count() if (cutoff := retention_cutoff(kind, now=now)) else 0)
        for kind in retained_kinds()
    }


def retention_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The every-minute sweep's share: a bounded number of rows per kind, so it stays short."""
    return {k: n for k, n in prune(now=now, rows_per_kind=settings.RETAIN_SWEEP_ROWS).items() if n}


# The engine's kinds. Records go before runs (a run goes once it has no records left) and runs
# before events (deleting an event clears the link from its runs).

EVENT_RESOLVED = [EventStatus.SUCCEEDED, EventStatus.IGNORED, EventStatus.UNSUPPORTED]


def _records(cutoff):
    return (
        Record.objects.filter(created_at__lt=cutoff).exclude(outcome=Outcome.FAILED).exclude(run__status__in=RUN_ACTIVE)
    )


def _runs(cutoff):
    finished = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    return (
        Run.objects.filter(finished)
        .exclude(status__in=RUN_ACTIVE)
        .filter(~Exists(Record.objects.filter(run=OuterRef("pk"))))
    )


def _events(cutoff):
    return (
        InboundEvent.objects.filter(status__in=EVENT_RESOLVED, received_at__lt=cutoff)
        .exclude(raw=True, status=EventStatus.UNSUPPORTED)  # not understood yet: kept for a replay
        .exclude(processed_at__gte=cutoff)
    )


def _notifications(cutoff):
    return Notification.objects.filter(sent_at__lt=cutoff)


register_retention(
    RetainedKind("records", "RETAIN_RUNS_DAYS", _records, "records of finished runs, except failed ones")
)
register_retention(RetainedKind("runs", "RETAIN_RUNS_DAYS", _runs, "finished runs with no record left"))
register_retention(
    RetainedKind("events", "RETAIN_EVENTS_DAYS", _events, "inbox events processed, ignored or unsupported")
)
register_retention(RetainedKind("notifications", "RETAIN_RUNS_DAYS", _notifications, "failure lines already e-mailed"))
