"""Evidence for the console's tests: a finished connection check, an event received, a run, a call."""

import itertools

from django.utils import timezone

from integrations.models import ConnectionCheck
from sync.models import InboundEvent, Run
from sync.services.runs import flow_row

_keys = itertools.count()


def checked(connection, status="passed", lines=(), *, at=None):
    """A finished check of `connection`; `lines` as (name, status[, detail, fix]) tuples."""
    rows = [dict(zip(("name", "status", "detail", "fix"), (*line, "", "")[:4], strict=True)) for line in lines]
    at = at or timezone.now()
    check = ConnectionCheck.objects.create(connection=connection, status=status, finished_at=at, lines=rows)
    ConnectionCheck.objects.filter(pk=check.pk).update(requested_at=at)
    return check


def received(connection, event_type="test.event", status="succeeded", *, at=None, last_error=""):
    return InboundEvent.objects.create(
        connection=connection,
        event_type=event_type,
        dedupe_key=f"k{next(_keys)}",
        payload={},
        status=status,
        received_at=at or timezone.now(),
        last_error=last_error,
    )


def ran(flow_key, status, *, at=None, updated=0, trigger="webhook"):
    at = at or timezone.now()
    return Run.objects.create(
        flow=flow_row(flow_key), trigger=trigger, status=status, created_at=at, finished_at=at, updated=updated
    )
