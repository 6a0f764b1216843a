"""The emulator's webhook sender: one callback per matching subscription, Basic auth (contract §3.2)."""

import base64
import random
import uuid

from django.utils import timezone

from integrations.credentially.models import Organisation
from integrations.sandbox.outbox import send_webhook


def emit(org: Organisation, event_type: str, payload: dict) -> int:
    """Queue `event_type` to every subscription of `org` that asked for it; returns how many."""
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
