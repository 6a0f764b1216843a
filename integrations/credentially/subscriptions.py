"""Subscribe a connection to Credentially's webhooks: every event type of the organisation's catalogue.

Credentially has no update call (contract §3.1), so an earlier subscription to the same callback
URL is deleted and a new one created: run it again after rotating the webhook secret.
"""

from integrations.credentially.client import CredentiallyClient


def subscription_replace(*, client: CredentiallyClient, callback_url: str, webhook_name: str, password: str) -> dict:
    """Create the hub's subscription for every catalogued event type; returns Credentially's answer."""
    kinds = [e["type"] for e in client.list_event_types() if e.get("type")]
    if not kinds:
        raise ValueError("Credentially's event catalogue is empty: nothing to subscribe to")
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
    kinds = ", ".join(answer.get("eventTypes") or [])
    return f"Subscribed Crosswalk to Credentially's webhooks ({kinds or 'all events'})."
