"""Requests made inside the hub (an admin's link by hand, a REST API write), kept in the inbox.

Stored as events on the connection they concern, they get what a webhook delivery gets: written
before the request is answered, a worker's run with a record, retries with backoff, "dead" with an
e-mail after the last attempt, and replay from the admin. Their payload is signed with the hub's
SECRET_KEY, so a delivery that merely names the same event type (an authenticated vendor webhook
carrying `eventType: crosswalk.*`) is refused by the handler instead of being acted on.
"""

import json
import uuid

from django.core import signing

from integrations.webhooks import ParsedEvent, PayloadError
from sync.models import EVENT_PENDING, InboundEvent
from sync.services.events import event_ingest, event_replay

SALT = "crosswalk.hub_event"
SIGNATURE = "_signature"


def _sign(event_type: str, data: dict) -> str:
    return signing.Signer(salt=SALT).signature(event_type + json.dumps(data, sort_keys=True, default=str))


def hub_event_find(*, connection, dedupe_key: str) -> InboundEvent | None:
    return InboundEvent.objects.filter(connection=connection, dedupe_key=f"hub:{dedupe_key}").first()


def hub_event_store(
    *,
    connection,
    event_type: str,
    data: dict,
    external_id: str = "",
    email: str = "",
    dedupe_key: str = "",
    again: bool = False,
) -> tuple[InboundEvent, bool]:
    """Store a request made in the hub as an event (enqueued after commit); returns (event, created).

    A repeated request (same `dedupe_key`) gets the same event; with `again`, one that has finished
    is replayed (an admin asking again is the way to try again)."""
    payload = {**data, SIGNATURE: _sign(event_type, data)}
    incoming = ParsedEvent(
        event_type=event_type,
        dedupe_key=f"hub:{dedupe_key or uuid.uuid4().hex}",
        payload=payload,
        external_id=external_id,
        email=email,
    )
    event, created = event_ingest(connection=connection, incoming=incoming)
    if again and not created and event.status not in EVENT_PENDING:
        event_replay(event_ids=[event.pk])
    return event, created


def hub_event_data(event) -> dict:
    """The request's data, once its signature shows the hub made it; PayloadError otherwise."""
    payload = dict(event.payload or {})
    given = str(payload.pop(SIGNATURE, ""))
    if not given or not signing.constant_time_compare(given, _sign(event.event_type, payload)):
        raise PayloadError(f"{event.event_type} events are made by Crosswalk itself; this one is not (bad signature)")
    return payload
