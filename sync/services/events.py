"""The inbox: store deliveries once, retry, go dead, replay. (processing.py runs them through flows.)"""

import hashlib
import json
import logging
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from integrations.client.errors import RateLimited
from integrations.models import Connection
from integrations.systems import receiver_for
from integrations.webhooks import ParsedEvent, PayloadError, UnsupportedShape
from sync.flows.registry import flows_for_event
from sync.models import EventStatus, InboundEvent
from sync.queue import PROCESS_EVENT, enqueue, enqueue_on_commit
from sync.services.explain import Explanation, event_dead, event_retrying, event_waiting, explain
from sync.services.inbox_insert import insert_event
from sync.services.notifications import admin_url, notify_flow_failure

logger = logging.getLogger("crosswalk.sync")
UNRECOGNISED = "(not recognised)"  # event type of a delivery whose shape no receiver knows


def event_ingest(*, connection: Connection, incoming: ParsedEvent) -> tuple[InboundEvent, bool]:
    """Store one event under its dedupe key in one statement; returns (event, created).

    A repeat stores nothing and returns the first event. A new one is enqueued after commit
    (at once outside a transaction, as on the webhook path)."""
    event = InboundEvent(
        connection=connection,
        event_type=incoming.event_type[:100],
        external_id=incoming.external_id[:200],
        email=incoming.email[:254],
        dedupe_key=incoming.dedupe_key[:255],
        payload=incoming.payload,
    )
    if not insert_event(event):
        existing = InboundEvent.objects.only("id", "status").get(
            connection=connection, dedupe_key=incoming.dedupe_key[:255]
        )
        return existing, False
    enqueue_on_commit(PROCESS_EVENT, event.pk)
    return event, True


def event_store_unrecognised(
    *, connection: Connection, body: bytes, shape: UnsupportedShape
) -> tuple[InboundEvent, bool]:
    """Keep an authenticated delivery we cannot read as one unsupported event, never refused:
    a vendor would retry a 400 and then drop it. Replay parses it again (see `event_replay`)."""
    digest = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            event = InboundEvent.objects.create(
                connection=connection,
                event_type=(shape.event_type or UNRECOGNISED)[:100],
                dedupe_key=f"raw:{digest}",
                payload=json.loads(body),
                raw=True,
                status=EventStatus.UNSUPPORTED,
                processed_at=timezone.now(),
                last_error=f"Not understood, kept for replay: {shape}"[:4000],
            )
    except IntegrityError:
        return InboundEvent.objects.only("id", "status").get(connection=connection, dedupe_key=f"raw:{digest}"), False
    logger.warning("event_unrecognised id=%s connection=%s reason=%s", event.pk, connection.slug, shape)
    return event, True


def _reparse(event: InboundEvent) -> bool:
    """Read a raw event again with today's receiver; True when it became events to process."""
    body = json.dumps(event.payload).encode()
    try:
        parsed = receiver_for(event.connection.system).parse(event.connection, body, None)
    except (UnsupportedShape, PayloadError) as exc:
        InboundEvent.objects.filter(pk=event.pk).update(last_error=f"Still not understood on replay: {exc}"[:4000])
        return False
    ids = [event_ingest(connection=event.connection, incoming=item)[0].pk for item in parsed]
    message = f"Understood on replay: stored as event(s) {', '.join(f'#{pk}' for pk in ids)}."
    return _settle(event, EventStatus.SUCCEEDED, message) == EventStatus.SUCCEEDED


def _settle(event: InboundEvent, status: str, message: str = "", *, detail: str = "") -> str:
    InboundEvent.objects.filter(pk=event.pk).update(
        status=status,
        processed_at=timezone.now(),
        lease_until=None,
        next_attempt_at=None,
        last_error=message[:4000],
        error_detail=detail,
    )
    return status


def event_fail(*, event: InboundEvent, exc: Exception) -> str:
    """Back off and retry; after the last attempt the event is dead and someone is told.

    An outage (our database failing, a vendor's rate limit) is not the event's failure: it waits
    and is tried again without using up an attempt, and nobody is e-mailed for it. What went wrong
    is written in words (`last_error`) beside its technical detail (`error_detail`), and both are
    also set on `event` for the caller.
    """
    explained = explain(exc)
    event.error_detail = explained.detail
    if is_outage(exc):
        return _wait_out(event, exc, explained)
    logger.warning("event_failed id=%s attempt=%s error=%s", event.pk, event.attempts, exc)
    if event.attempts >= settings.EVENT_MAX_ATTEMPTS:
        event.last_error = event_dead(explained, tries=event.attempts)
        _settle(event, EventStatus.DEAD, event.last_error, detail=explained.detail)
        _notify_dead(event, event.last_error)
        return EventStatus.DEAD
    wait = getattr(exc, "retry_after", None) or settings.EVENT_RETRY_BASE_SECONDS * 2 ** (event.attempts - 1)
    at = timezone.now() + timezone.timedelta(seconds=wait)
    event.last_error = event_retrying(
        explained, next_try=event.attempts + 1, max_tries=settings.EVENT_MAX_ATTEMPTS, at=at
    )
    InboundEvent.objects.filter(pk=event.pk).update(
        status=EventStatus.RETRYING,
        next_attempt_at=at,
        lease_until=None,
        last_error=event.last_error[:4000],
        error_detail=explained.detail,
    )
    return EventStatus.RETRYING


def is_outage(exc: Exception) -> bool:
    return isinstance(exc, DatabaseError | RateLimited)


def _wait_out(event: InboundEvent, exc: Exception, explained: Explanation) -> str:
    if isinstance(exc, DatabaseError):
        logger.error("event_outage id=%s error=%s", event.pk, exc)
    wait = getattr(exc, "retry_after", None) or settings.EVENT_RETRY_BASE_SECONDS
    at = timezone.now() + timezone.timedelta(seconds=wait)
    event.last_error = event_waiting(explained, at=at)
    InboundEvent.objects.filter(pk=event.pk).update(
        status=EventStatus.RETRYING,
        attempts=Greatest(F("attempts") - 1, 0),
        next_attempt_at=at,
        lease_until=None,
        last_error=event.last_error[:4000],
        error_detail=explained.detail,
    )
    return EventStatus.RETRYING


def _notify_dead(event: InboundEvent, message: str) -> None:
    what = f"Event #{event.pk} {event.event_type} ({event.external_id or 'no id'})"
    line = f"{what}: {message}"
    for definition in flows_for_event(event.connection.system, event.event_type):
        notify_flow_failure(
            flow_key=definition.key,
            definition=definition,
            line=line,
            recipient=event.connection.notification_email,
            url=admin_url(event),
        )


def event_replay(*, event_ids: list[int]) -> int:
    """Put finished events back to received and enqueue them; raw ones are parsed again instead.
    Returns how many were replayed."""
    finished = InboundEvent.objects.filter(pk__in=event_ids).exclude(
        status__in=[EventStatus.RECEIVED, EventStatus.PROCESSING]
    )
    reparsed = sum(_reparse(event) for event in finished.filter(raw=True).select_related("connection"))
    ids = list(finished.filter(raw=False).values_list("pk", flat=True))
    InboundEvent.objects.filter(pk__in=ids).update(
        status=EventStatus.RECEIVED, attempts=0, next_attempt_at=None, lease_until=None
    )
    for pk in ids:
        enqueue_on_commit(PROCESS_EVENT, pk)
    return len(ids) + reparsed


def event_ignore(*, event_ids: list[int]) -> int:
    return (
        InboundEvent.objects.filter(pk__in=event_ids)
        .exclude(status=EventStatus.PROCESSING)
        .update(status=EventStatus.IGNORED, next_attempt_at=None, last_error="ignored by an admin")
    )


def events_due(*, now: datetime | None = None, stale_after_seconds: int = 60, limit: int = 1000) -> list[int]:
    """Events a worker should have by now: lost queue messages, dead workers, retries due."""
    now = now or timezone.now()
    stale = now - timezone.timedelta(seconds=stale_after_seconds)
    due = (
        Q(status=EventStatus.RECEIVED, received_at__lt=stale)
        | Q(status=EventStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=EventStatus.PROCESSING, lease_until__lt=now)
    )
    return list(InboundEvent.objects.filter(due).order_by("received_at").values_list("pk", flat=True)[:limit])


def events_requeue(*, now: datetime | None = None) -> int:
    """Nudge a worker for every event that should have one by now; returns how many."""
    ids = events_due(now=now)
    for pk in ids:
        enqueue(PROCESS_EVENT, pk)
    return len(ids)
