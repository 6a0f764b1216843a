"""Certn webhooks (contract §4): HMAC-signed thin notifications and the challenge handshake.

The view checks `X-Signature` (hex HMAC-SHA256 of the raw body with the connection's
`webhook_secret`) through the base `verify()` before `parse()` is called.
"""

import re

from integrations.certn.payloads import CertnEvent
from integrations.webhooks import ParsedEvent, WebhookReceiver

# Certn sends a random token; anything else is refused rather than echoed back.
_CHALLENGE = re.compile(r"^[A-Za-z0-9._~-]{1,256}$")


class CertnReceiver(WebhookReceiver):
    signature_header = "X-Signature"

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        data = self.load_json(body)
        event = CertnEvent.from_payload(data)
        # external_id is the case even for CHECK events, so the admin finds all of a case's events.
        return [
            ParsedEvent(
                event_type=event.event_type,
                dedupe_key=event.id,
                payload=data,
                external_id=event.case_id or event.object_id,
            )
        ]

    def challenge(self, connection, request) -> str | None:
        """`GET <url>?challenge=<random>` must be answered with the value, as text, within 10 s."""
        value = request.GET.get("challenge", "")
        return value if _CHALLENGE.match(value) else None
