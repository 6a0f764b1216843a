"""Credentially webhook deliveries -> inbox events (contract §3.2-§3.3).

The view has already checked Basic auth: the connection's generated username and secret are
the subscription's `webhookName` and `password`. Callbacks only say what changed; flows fetch
the current data. Deliveries repeat and arrive out of order, so the dedupe key is the event id.

Credentially publishes each event's fields (`payloadFields` of `/meta/events`) but no envelope
around them, so both shapes are read: nested (`{"eventType", "eventId", ..., "payload": {fields}}`,
the emulator's default) and flat (`{"eventType", fields...}`, the emulator's `flat_body` variant).
A well-formed body that names no event type or no profile is never refused (Credentially would
retry it 14 times, then drop it): it is kept as unsupported, with the reason, for a replay.
"""

import hashlib
import json

from integrations.webhooks import ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver

TYPE_KEYS = ("eventType", "type", "event")  # where a body may name its event type
STAMP_KEYS = ("occurredAt", "changedAt", "timestamp", "createdAt")  # when it happened, to dedupe on


class CredentiallyReceiver(WebhookReceiver):
    def parse(self, connection, body: bytes, request=None) -> list[ParsedEvent]:
        data = self.load_json(body)
        if not isinstance(data, dict | list):
            raise PayloadError("expected a JSON object (or a list of them)")
        items = data if isinstance(data, list) else [data]
        return [self._event(item, f"item {n + 1}: " if len(items) > 1 else "") for n, item in enumerate(items)]

    def _event(self, item, where: str) -> ParsedEvent:
        if not isinstance(item, dict):
            raise UnsupportedShape(f"{where}expected a JSON object, got {type(item).__name__}")
        event_type = next((str(item[k]) for k in TYPE_KEYS if isinstance(item.get(k), str) and item[k]), "")
        fields = item["payload"] if isinstance(item.get("payload"), dict) else item
        profile_id = str(fields.get("profileId") or item.get("profileId") or "")
        if not event_type:
            raise UnsupportedShape(f"{where}no event type (looked for {', '.join(TYPE_KEYS)})")
        if not profile_id:
            raise UnsupportedShape(f"{where}no profileId (at the top or in `payload`)", event_type=event_type)
        stamp = next((str(v) for k in STAMP_KEYS if (v := item.get(k) or fields.get(k))), "")
        return ParsedEvent(
            event_type=event_type,
            dedupe_key=_dedupe_key(item, event_type, profile_id, stamp),
            payload=item,
            external_id=profile_id,
            meta={
                "occurred_at": stamp,
                "organisation_id": item.get("organisationId"),
                "shape": "nested" if fields is not item else "flat",
            },
        )


def _dedupe_key(item: dict, event_type: str, profile_id: str, stamp: str) -> str:
    """The event id; else type + profile + when (contract §3.2); else a hash of the body itself,
    so only a repeat of the very same delivery is taken for a duplicate."""
    if item.get("eventId"):
        return str(item["eventId"])
    if stamp:
        return f"{event_type}:{profile_id}:{stamp}"
    digest = hashlib.sha256(json.dumps(item, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return f"{event_type}:{profile_id}:sha256:{digest[:32]}"
