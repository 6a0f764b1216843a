"""Credly webhook deliveries: a thin envelope `{id, organization_id, event_type, occurred_at}`.

Credly signs nothing (contract §5.3-5.4). The view has already checked the `?token=` secret of
the URL; here we refuse an envelope for another organisation. The flow then fetches the event
with `CredlyClient.get_event(id)`: a 404 there proves the delivery was not genuine.
"""

import hmac

from integrations.webhooks import AuthError, ParsedEvent, WebhookReceiver

ENVELOPE_FIELDS = ("id", "organization_id", "event_type", "occurred_at")


class CredlyReceiver(WebhookReceiver):
    # Credly counts anything but 200 as a failed delivery and retries it for days (contract §5.5).
    success_status = 200
    max_events = 1  # Credly posts one envelope per delivery

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        envelope = self.load_json(body)
        self.require(envelope, *ENVELOPE_FIELDS)
        expected = str(connection.setting("organization_id") or "")
        given = str(envelope["organization_id"])
        if not expected:
            raise AuthError("this connection has no Credly organisation id set, so no delivery can be matched")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise AuthError("the delivery is for another Credly organisation than this connection's")
        event_id = str(envelope["id"])
        return [
            ParsedEvent(
                event_type=str(envelope["event_type"]),
                dedupe_key=event_id,
                payload=envelope,
                meta={"occurred_at": envelope["occurred_at"]},
            )
        ]
