"""Docebo webhook deliveries: one envelope, a single `payload` or up to 25 grouped `payloads`.

The view has already checked the HTTP Basic credentials (Docebo signs nothing, contract §4.5).
Here: refuse a delivery from another platform (`original_domain`), and split a grouped one
into one event per item, each with its own dedupe key so a repeated message stores nothing new.
Well-formed JSON in a shape Crosswalk does not read (no `event` or `message_id`, neither
`payload` nor `payloads`, an item of a modelled event without the keys its flow needs, more
items than Docebo groups) raises UnsupportedShape: the view keeps the delivery as one
unsupported event for Replay, so nothing Docebo sends is lost to a 400 it would retry and then
drop (§4.6). Only a body that is not a JSON object is refused. An event type no flow reads, in
Docebo's envelope, is stored as events like any other; the engine marks them unsupported.
"""

from urllib.parse import urlsplit

from integrations.docebo.events import GROUP_LIMIT
from integrations.docebo.payloads import PAYLOAD_TYPES, email_of, object_ref, parse_item
from integrations.webhooks import AuthError, ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver

ENVELOPE_KEYS = ("message_id", "webhook_id", "original_domain", "event", "fired_by_batch_action")


class DoceboReceiver(WebhookReceiver):
    max_events = GROUP_LIMIT

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        envelope = self.load_json(body)
        if not isinstance(envelope, dict):
            raise PayloadError("a Docebo delivery is a JSON object")  # Docebo never sends anything else
        check_domain(connection, envelope.get("original_domain"))
        event_type = str(envelope.get("event") or "")
        if not event_type or envelope.get("message_id") in (None, ""):
            raise UnsupportedShape("the delivery has no `event` name or no `message_id`: not Docebo's envelope")
        message_id = str(envelope["message_id"])
        meta = {k: envelope[k] for k in ENVELOPE_KEYS if k in envelope}
        if isinstance(envelope.get("payload"), dict):
            items = [(message_id, envelope["payload"])]
        elif isinstance(envelope.get("payloads"), list) and envelope["payloads"]:
            items = [(f"{message_id}:{i}", item) for i, item in enumerate(envelope["payloads"])]
        else:
            raise UnsupportedShape(
                "the delivery has neither a payload object nor a payloads list", event_type=event_type
            )
        if len(items) > GROUP_LIMIT:
            raise UnsupportedShape(
                f"{len(items)} payloads in one delivery; Docebo groups at most {GROUP_LIMIT}", event_type=event_type
            )
        return [_event(event_type, key, item, meta) for key, item in items]


def _event(event_type: str, dedupe_key: str, item, meta: dict) -> ParsedEvent:
    if not isinstance(item, dict):
        raise UnsupportedShape("every element of payloads must be an object", event_type=event_type)
    try:
        if event_type in PAYLOAD_TYPES:  # the keys the flows need are there and read as they expect
            parse_item(event_type, item)
    except PayloadError as exc:
        raise UnsupportedShape(f"a {event_type} payload Crosswalk cannot read: {exc}", event_type=event_type) from None
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
