"""The Credentially sandbox: emulated gateway and webhook-gateway APIs, vendor-side actions, state tables.

Mounted at /sandbox/credentially/: the REST API at `gateway/api/...` (so the connection's base
URL ends in `/gateway`, as the real one does) and subscriptions at `webhook-gateway/...`.
The emulator imports its modules when first used: Django imports this package while it loads
`sandbox/models.py`, before the other apps' models are loaded.
"""

from integrations.sandbox.base import Emulator


class CredentiallyEmulator(Emulator):
    system = "credentially"
    label = "Credentially"
    api_prefix = "/gateway"
    variants = {
        "flat_body": "Callbacks carry the event's catalogued fields at the top level beside eventType, with no "
        "eventId, occurredAt or payload wrapper (Credentially publishes each event's fields, not an envelope).",
        "subscriptions_as_object": "GET /subscriptions answers one subscription object, not a list, as the "
        "published schema types it (its description says a list).",
        "confirmed_events_only": "The event catalogue (/meta/events) lists only the two event types Credentially's "
        "docs name: compliance status and DBS status changed. Other changes reach the hub by polling only.",
    }

    def seed(self) -> None:
        from integrations.credentially.sandbox import seed

        seed.seed()

    def credentials(self) -> dict:
        from integrations.credentially.sandbox import seed

        return {"api_key": seed.seed().api_key}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str) -> None:
        """Subscribe the hub to every event type, replacing an earlier subscription to the same URL."""
        from integrations.credentially.sandbox import callbacks, seed

        callbacks.subscription_replace(org=seed.seed(), url=url, username=username, secret=secret)

    def error_response(self, request, status: int, message: str):
        from integrations.credentially.sandbox import http

        return http.error(request, status, message)


EMULATOR = CredentiallyEmulator()
