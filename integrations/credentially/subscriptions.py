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
