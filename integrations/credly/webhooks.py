"""Credly webhook deliveries: a thin envelope `{id, organization_id, event_type, occurred_at}`.

Credly signs nothing (contract §5.3-5.4). The view has already checked the `?token=` secret of
the URL; here we refuse an envelope for another organisation. A well-formed delivery in a shape
we do not know is kept as unsupported (replayable), never refused. The flow then fetches the
event with `CredlyClient.get_event(id)`: a 404 there proves the delivery was not genuine, and
nothing the body says beyond the event id is ever written.
"""

import hmac

from integrations.webhooks import AuthError, ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver

ENVELOPE_FIELDS = ("id", "organization_id", "event_type", "occurred_at")


class CredlyReceiver(WebhookReceiver):
    # Credly counts anything but 200 as a failed delivery and retries it for days (contract §5.5).
    success_status = 200
    max_events = 1  # Credly posts one envelope per delivery

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        envelope = self.load_json(body)
        if not isinstance(envelope, dict):
            raise PayloadError("Credly posts one JSON object per delivery")
        expected = str(connection.setting("organization_id") or "")
        if not expected:
            raise AuthError("this connection has no Credly organisation id set, so no delivery can be matched")
        given = envelope.get("organization_id")
        if given not in (None, "") and not hmac.compare_digest(str(given).encode(), expected.encode()):
            raise AuthError("the delivery is for another Credly organisation than this connection's")
        missing = [key for key in ENVELOPE_FIELDS if envelope.get(key) in (None, "")]
        event_type = envelope.get("event_type")
        if missing or not isinstance(event_type, str) or not isinstance(envelope["id"], str | int):
            # Authenticated by the URL's token, but not the envelope we know: kept, never refused.
            keys = ", ".join(sorted(envelope)) or "none"
            raise UnsupportedShape(
                f"not Credly's event envelope {{{', '.join(ENVELOPE_FIELDS)}}}: it holds {keys}",
                event_type=event_type if isinstance(event_type, str) else "",
            )
        event_id = str(envelope["id"])
        return [
            ParsedEvent(
                event_type=event_type,
                dedupe_key=event_id,
                payload=envelope,
                meta={"occurred_at": envelope["occurred_at"]},
            )
        ]
