"""Credentially webhook deliveries -> inbox events (contract §3.2-§3.3).

The view has already checked Basic auth: the connection's generated username and secret are
the subscription's `webhookName` and `password`. Callbacks only say what changed; flows fetch
the current data. Deliveries repeat and arrive out of order, so the dedupe key is the event id.
"""

from integrations.webhooks import ParsedEvent, PayloadError, WebhookReceiver


class CredentiallyReceiver(WebhookReceiver):
    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        data = self.load_json(body)
        items = data if isinstance(data, list) else [data]
        return [self._event(item) for item in items]

    def _event(self, item) -> ParsedEvent:
        self.require(item, "eventType", "payload")
        payload = item["payload"]
        self.require(payload, "profileId")
        profile_id = str(payload["profileId"])
        event_id = str(item.get("eventId") or "")
        if not event_id:
            # No id: the contract's fallback key is type + profile + timestamp (§3.2).
            stamp = item.get("occurredAt") or payload.get("changedAt")
            if not stamp:
                raise PayloadError("missing field(s): eventId (or occurredAt to dedupe on)")
            event_id = f"{item['eventType']}:{profile_id}:{stamp}"
        return ParsedEvent(
            event_type=str(item["eventType"]),
            dedupe_key=event_id,
            payload=item,
            external_id=profile_id,
            meta={"occurred_at": item.get("occurredAt") or "", "organisation_id": item.get("organisationId")},
        )
