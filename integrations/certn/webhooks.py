"""Certn webhooks (contract §4): thin notifications, an optional signature, the challenge handshake.

Certn calls the `X-Signature` check "recommended" and does not state its encoding (a public
client accepts hex or base64), so:
- with a signing secret on the connection, a delivery must carry an HMAC-SHA256 of the raw body
  in hex or base64 (an optional `sha256=` prefix), compared in constant time; else 401;
- without one, deliveries are accepted unsigned. That is safe because a delivery is only a
  hint: the screening flow reads the case from Certn's API and writes what the API says.
The last outcome per connection is remembered for the connection check (probes.py).
"""

import base64
import binascii
import hashlib
import hmac
import string

from django.core.cache import cache
from django.utils import timezone

from integrations.certn.payloads import CertnEvent
from integrations.webhooks import ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver

# What verify() saw; the first four are accepted.
HEX, BASE64, UNSIGNED, UNCHECKED = "hex", "base64", "unsigned", "unchecked"
MISSING, MISMATCH = "missing", "mismatch"
ACCEPTED = frozenset({HEX, BASE64, UNSIGNED, UNCHECKED})
CHALLENGE_MAX = 1024  # Certn's value format is unpublished; a token is far shorter
OUTCOME_TTL = 60 * 60 * 24 * 30


def signature_outcome(secret: str, body: bytes, given: str) -> str:
    """How a delivery's signature compares with the secret: hex / base64 / unsigned, or missing / mismatch."""
    given = (given or "").strip()
    if not secret:  # nothing to check against: accepted as a hint
        return UNCHECKED if given else UNSIGNED
    if not given:
        return MISSING
    expected = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    value = given[7:] if given[:7].lower() == "sha256=" else given
    for encoding, decoded in _decodings(value):
        if len(decoded) == len(expected) and hmac.compare_digest(decoded, expected):
            return encoding
    return MISMATCH


def _decodings(value: str):
    """The 32 bytes a signature may spell: 64 hex digits, or base64 (standard or URL-safe, padded or not)."""
    if len(value) == 64 and all(c in string.hexdigits for c in value):
        yield HEX, bytes.fromhex(value)
    padded = value + "=" * (-len(value) % 4)
    for alphabet in (padded, padded.replace("-", "+").replace("_", "/")):
        try:
            yield BASE64, base64.b64decode(alphabet.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            continue


def outcome_key(connection) -> str:
    return f"certn:signature:{connection.pk}"


def last_signature(connection) -> dict | None:
    """{"outcome", "at"} of the last delivery this connection checked, if any (for the connection check)."""
    return cache.get(outcome_key(connection))


def printable_challenge(value: str) -> str | None:
    """The challenge to echo: any printable text up to CHALLENGE_MAX characters, else None."""
    if not value or len(value) > CHALLENGE_MAX or not value.isprintable():
        return None
    return value


class CertnReceiver(WebhookReceiver):
    signature_header = "X-Signature"

    def verify(self, connection, body: bytes, request) -> bool:
        outcome = signature_outcome(
            connection.credential("webhook_secret"), body, request.headers.get(self.signature_header, "")
        )
        cache.set(outcome_key(connection), {"outcome": outcome, "at": timezone.now().isoformat()}, OUTCOME_TTL)
        return outcome in ACCEPTED

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        data = self.load_json(body)
        if not isinstance(data, dict):
            raise PayloadError("expected a JSON object")  # Certn always sends one object
        try:
            event = CertnEvent.from_payload(data)
        except PayloadError as exc:  # well-formed JSON in a shape we do not know: stored, not refused
            raise UnsupportedShape(str(exc), event_type=str(data.get("event_type") or "")) from exc
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
        """`GET <url>?challenge=<value>` must be answered with the value within 10 s, or Certn stops
        delivering. The value's format is unpublished, so any printable value is echoed; the view
        answers it as text/plain with nosniff, so markup in it is never rendered."""
        return printable_challenge(request.GET.get("challenge", ""))
