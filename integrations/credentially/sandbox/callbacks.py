"""The emulator's webhooks: the subscription rules (contract §3.1) and the callbacks it sends, one per
matching subscription, with Basic auth (§3.2)."""

import base64
import random
import re
import uuid

from django.utils import timezone

from integrations.credentially import events
from integrations.credentially.sandbox.models import Organisation, Subscription
from integrations.sandbox.outbox import send_webhook
from integrations.sandbox.variants import variant_on

CONFIRMED = (events.COMPLIANCE_STATUS_CHANGED, events.DBS_STATUS_CHANGED)  # named in Credentially's docs


def catalogue_types() -> list[str]:
    """The event types this tenant's `/meta/events` lists (fewer with `confirmed_events_only`)."""
    if variant_on("credentially", "confirmed_events_only"):
        return list(CONFIRMED)
    return list(events.CATALOGUE)


_NAME = re.compile(r"^[A-Za-z0-9_-]{3,50}$")
_URL = re.compile(r"^https?://.+")


def validate(body) -> str | None:
    """The subscription rules of Credentially's webhook spec; returns what is wrong, or None."""
    if not isinstance(body, dict):
        return "a JSON object is required"
    url, name, password = body.get("callbackUrl") or "", body.get("webhookName") or "", body.get("password") or ""
    kinds = body.get("eventTypes")
    if not _URL.match(url) or len(url) > 500:
        return "callbackUrl must be an http(s) URL of at most 500 characters"
    if not _NAME.match(name):
        return "webhookName must be 3-50 characters of letters, digits, _ or -"
    if not 8 <= len(password) <= 50:
        return "password must be 8-50 characters"
    if not isinstance(kinds, list) or not kinds or len(set(kinds)) != len(kinds):
        return "eventTypes must be a non-empty list without repeats"
    unknown = [k for k in kinds if k not in catalogue_types()]
    return f"unknown event types: {', '.join(map(str, unknown))}" if unknown else None


def subscription_replace(*, org: Organisation, url: str, username: str, secret: str) -> Subscription:
    """Subscribe `url` to every catalogued type, replacing an earlier subscription to the same URL."""
    body = {"callbackUrl": url, "webhookName": username, "password": secret, "eventTypes": catalogue_types()}
    problem = validate(body)
    if problem:
        raise ValueError(f"Credentially would refuse this subscription: {problem}")
    org.subscriptions.filter(callback_url=url).delete()
    return Subscription.objects.create(
        organisation=org, callback_url=url, webhook_name=username, password=secret, event_types=body["eventTypes"]
    )


def emit(org: Organisation, event_type: str, payload: dict) -> int:
    """Queue `event_type` to every subscription of `org` that asked for it; returns how many.

    The body is nested (an envelope with the fields in `payload`), or with the `flat_body` variant
    the catalogued fields beside `eventType` and nothing else."""
    if variant_on("credentially", "flat_body"):
        body = {"eventType": event_type, **payload}
    else:
        body = {
            "eventId": str(uuid.uuid4()),
            "eventType": event_type,
            "occurredAt": timezone.now().isoformat().replace("+00:00", "Z"),
            "organisationId": org.org_id,
            "payload": payload,
        }
    sent = 0
    for sub in org.subscriptions.all():
        if event_type not in sub.event_types:
            continue
        auth = base64.b64encode(f"{sub.webhook_name}:{sub.password}".encode()).decode()
        copies = 2 if org.duplicate_percent and random.randrange(100) < org.duplicate_percent else 1
        for _ in range(copies):  # Credentially may deliver an event twice; the hub must dedupe
            send_webhook(
                system="credentially",
                url=sub.callback_url,
                body=body,
                event_type=event_type,
                headers={"Authorization": f"Basic {auth}"},
            )
        sent += 1
    return sent
