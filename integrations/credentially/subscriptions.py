"""The hub's webhook subscription at Credentially (contract §3.1): which events, under which name.

Credentially calls back with Basic auth made of the subscription's `webhookName` and `password`,
so the name is the connection's webhook username (integrations.services.webhook_username_for keeps
it within Credentially's rule). The event types come from Credentially's own catalogue
(`/meta/events`), never from a list of ours alone.
"""

import re

from integrations.credentially import events
from integrations.credentially.client import CredentiallyClient

WEBHOOK_NAME = re.compile(r"^[A-Za-z0-9_-]{3,50}$")  # the subscription's `webhookName` (§3.1)


def subscription_event_types(client: CredentiallyClient) -> list[str]:
    """What the hub subscribes to: the types Credentially's catalogue (`/meta/events`) lists that the
    sync-back acts on (`events.HANDLED`), in catalogue order. Catalogued types no flow handles are
    left out: their deliveries would only be stored as unsupported, with nothing done."""
    return [e["type"] for e in client.list_event_types() if e.get("type") in events.HANDLED]


def subscription_replace(*, client: CredentiallyClient, callback_url: str, webhook_name: str, password: str) -> dict:
    """Subscribe `callback_url` to the catalogued types the hub handles; returns Credentially's answer.

    Credentially has no update call (§3.1), so an earlier subscription to the same callback URL is
    deleted and a new one created: run it again after rotating the webhook secret.
    """
    if not WEBHOOK_NAME.match(webhook_name):
        raise ValueError(f"Credentially refuses the webhook name {webhook_name!r}: 3-50 letters, digits, _ or -")
    kinds = subscription_event_types(client)
    if not kinds:
        raise ValueError(
            "Credentially's event catalogue lists none of the events Crosswalk acts on "
            f"({', '.join(events.HANDLED)}): nothing to subscribe to; the poll still syncs every person"
        )
    for sub in client.list_subscriptions():
        if sub.get("callbackUrl") == callback_url and sub.get("id"):
            client.delete_subscription(sub["id"])
    return client.create_subscription(
        callback_url=callback_url, webhook_name=webhook_name, password=password, event_types=kinds
    )


def register_hub_webhook(connection, *, username: str, secret: str) -> str:
    """Subscribe this connection's webhook URL, with its freshly issued credentials; says what it did."""
    answer = subscription_replace(
        client=connection.client(), callback_url=connection.webhook_url, webhook_name=username, password=secret
    )
    return f"Subscribed Crosswalk to Credentially's webhooks ({', '.join(answer.get('eventTypes') or [])})."
