"""Docebo webhook deliveries: one envelope, a single `payload` or up to 25 grouped `payloads`.

The view has already checked the HTTP Basic credentials (Docebo signs nothing, contract §4.5).
Here: refuse a delivery from another platform (`original_domain`), and split a grouped one
into one event per item, each with its own dedupe key so a repeated message stores nothing new.
"""

from urllib.parse import urlsplit

from integrations.docebo.events import GROUP_LIMIT
from integrations.docebo.payloads import email_of, object_ref
from integrations.webhooks import AuthError, ParsedEvent, PayloadError, WebhookReceiver

ENVELOPE_KEYS = ("message_id", "webhook_id", "original_domain", "event", "fired_by_batch_action")


class DoceboReceiver(WebhookReceiver):
    max_events = GROUP_LIMIT

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        envelope = self.load_json(body)
        self.require(envelope, "event", "message_id")
        check_domain(connection, envelope.get("original_domain"))
        event_type, message_id = str(envelope["event"]), str(envelope["message_id"])
        meta = {k: envelope[k] for k in ENVELOPE_KEYS if k in envelope}
        if isinstance(envelope.get("payload"), dict):
            return [_event(event_type, message_id, envelope["payload"], meta)]
        items = envelope.get("payloads")
        if isinstance(items, list) and items:
            if not all(isinstance(item, dict) for item in items):
                raise PayloadError("every element of payloads must be an object")
            return [_event(event_type, f"{message_id}:{i}", item, meta) for i, item in enumerate(items)]
        raise PayloadError("the delivery has neither a payload object nor a payloads list")


def _event(event_type: str, dedupe_key: str, item: dict, meta: dict) -> ParsedEvent:
    # the envelope rides along in the stored payload so a handler can see message and webhook ids
    payload = {**item, "_envelope": meta}
    return ParsedEvent(
        event_type=event_type,
        dedupe_key=dedupe_key,
        payload=payload,
        external_id=object_ref(item),
        email=email_of(item),
        meta=meta,
    )


def check_domain(connection, original_domain) -> None:
    """A delivery naming another platform is refused; a connection may name its webhook domain."""
    if not original_domain:
        return
    expected = {_host(connection.api_base_url)}
    configured = connection.setting("webhook_domain")
    if configured:
        expected.add(_host(configured))
    if _host(str(original_domain)) not in expected - {""}:
        raise AuthError(f"delivery is from {original_domain}, not from this connection's platform")


def _host(value: str) -> str:
    value = value.strip().lower()
    return (urlsplit(value if "//" in value else f"//{value}").hostname or "").rstrip(".")
