"""Thin, idempotent tasks: load by id, call a service. The DB row is the truth; tasks are nudges."""

import logging

from django.utils import timezone
from django_q.tasks import async_task

from sync.models import RunStatus, SyncRun, Trigger
from sync.services import events, notifications, runs
from sync.services.flows import flows_due

logger = logging.getLogger("crosswalk.sync")


_broker = None


def broker():
    """One broker per process: django-q2 would otherwise open a new Redis connection per task."""
    global _broker
    if _broker is None:
        from django_q.brokers import get_broker

        _broker = get_broker()
    return _broker


def enqueue(func: str, *args, **kwargs) -> None:
    """One place that talks to the queue, so a broker hiccup is logged and left to the sweep."""
    try:
        async_task(func, *args, broker=broker(), **kwargs)
    except Exception:  # the row is stored; the sweep re-enqueues it
        logger.exception("enqueue_failed func=%s args=%s", func, args)


def process_event(event_id: int) -> str | None:
    return events.event_process(event_id=event_id)


def execute_run(run_id: int) -> None:
    runs.run_execute(run_id=run_id)


def sweep() -> dict:
    """Every minute: recover lost work, start scheduled flows, send batched notifications."""
    event_ids = events.events_due()
    for pk in event_ids:
        enqueue("sync.tasks.process_event", pk)
    now = timezone.now()
    stuck = list(
        SyncRun.objects.filter(status=RunStatus.RUNNING, lease_until__lt=now).values_list("pk", flat=True)
    ) + list(
        SyncRun.objects.filter(
            status=RunStatus.QUEUED, created_at__lt=now - timezone.timedelta(seconds=60)
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        enqueue("sync.tasks.execute_run", pk)
    started = []
    for flow in flows_due(now=now):
        try:
            started.append(runs.run_enqueue(flow_key=flow.key, trigger=Trigger.SCHEDULE).pk)
        except runs.FlowNotRunnable as exc:
            logger.info("schedule_skipped flow=%s reason=%s", flow.key, exc)
    sent = notifications.notifications_send()
    return {"events": len(event_ids), "runs": len(stuck), "scheduled": started, "emails": sent}
