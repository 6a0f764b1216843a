"""Flow rows and schedules: one idempotent place that makes the DB match the registry."""

import logging
import zoneinfo
from datetime import datetime

from croniter import croniter
from django.core.exceptions import ValidationError
from django.utils import timezone

from sync.flows.registry import all_flows
from sync.models import Flow, Run, Trigger
from sync.services.runs import FlowNotRunnable, flow_row, run_enqueue

logger = logging.getLogger("crosswalk.sync")


def flows_sync() -> list[Flow]:
    """Create a row for every registered flow (keeping admins' switches and schedules)."""
    rows = [flow_row(definition.key) for definition in all_flows()]
    for row in rows:
        if row.name != row.definition.name:
            Flow.objects.filter(pk=row.pk).update(name=row.definition.name)
    return rows


def validate_cron(expression: str, tz: str) -> None:
    if expression and not croniter.is_valid(expression):
        raise ValidationError("Not a cron expression: five fields, e.g. '0 2 * * *' for 02:00 every day.")
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"Unknown time zone {tz!r}; use a name like 'America/Los_Angeles'.") from None


def next_fire(flow: Flow, after: datetime) -> datetime:
    tz = zoneinfo.ZoneInfo(flow.schedule_timezone or "UTC")
    return croniter(flow.schedule_cron, after.astimezone(tz)).get_next(datetime)


def flows_due(*, now: datetime | None = None, window_seconds: int = 60) -> list[Flow]:
    """Scheduled flows whose cron time fell within the last window (the tick runs every minute)."""
    now = now or timezone.now()
    since = now - timezone.timedelta(seconds=window_seconds)
    due = []
    for flow in Flow.objects.filter(enabled=True).exclude(schedule_cron=""):
        fire = next_fire(flow, since)
        if fire > now:
            continue
        # This firing is served by a scheduled run created since; one that found nothing to do is
        # not kept, and its flow's last check stands for it.
        checked = flow.last_checked_at is not None and flow.last_checked_at >= fire
        if not checked and not Run.objects.filter(flow=flow, trigger=Trigger.SCHEDULE, created_at__gte=fire).exists():
            due.append(flow)
    return due


def flows_start_due(*, now: datetime | None = None) -> list[int]:
    """Queue a run of every flow whose schedule fired; returns the new runs' ids.

    A flow its guard blocks is skipped with a log line: the next firing tries again.
    """
    started = []
    for flow in flows_due(now=now):
        try:
            started.append(run_enqueue(flow_key=flow.key, trigger=Trigger.SCHEDULE).pk)
        except FlowNotRunnable as exc:
            logger.info("schedule_skipped flow=%s reason=%s", flow.key, exc)
    return started
