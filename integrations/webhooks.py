"""What a system's webhook receiver must do: check a signature, split a delivery into events.

The webhook view (sync/views.py) authenticates by the system's scheme, then asks the
system's receiver to parse the body. Receivers never call any system: they only read bytes.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field

MAX_JSON_DEPTH = 64  # no vendor nests deeper; deeper bodies would exhaust the stack when stored


def json_depth(data) -> int:
    """How deep arrays and objects nest, counted without recursion (a hostile body may nest 100,000)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


class PayloadError(ValueError):
    """The body is not what the system sends: answered 400 with this message."""


class UnsupportedShape(Exception):
    """Well-formed JSON from an authenticated sender, in a shape this receiver does not know.

    Never refused: the view stores the delivery as one unsupported event with this reason, and
    an admin's Replay parses the stored body again with the receiver's code of that day.
    """

    def __init__(self, reason: str, *, event_type: str = ""):
        super().__init__(reason)
        self.event_type = event_type


class AuthError(Exception):
    """The delivery is not genuine (bad signature, foreign organisation): answered 401."""


@dataclass(frozen=True)
class ParsedEvent:
    event_type: str
    dedupe_key: str  # unique per connection; a repeated delivery carries the same key
    payload: dict
    external_id: str = ""  # id of the object concerned in the system (badge, case, workflow)
    email: str = ""  # person concerned, when the payload says, so the admin can search by it
    meta: dict = field(default_factory=dict)


class WebhookReceiver:
    """Base receiver. Subclasses implement `parse()`; HMAC systems may override `verify()`."""

    signature_header = "X-Signature"
    success_status = 202  # what a stored new delivery is answered with
    max_events = 100  # a grouped delivery holding more is refused

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        """Split a delivery into events. `request` is None on a replay: headers are optional extras."""
        raise NotImplementedError

    def error_body(self, message: str) -> dict:
        """How an error is told to the sender (iCIMS shows its own shape to recruiters)."""
        return {"error": message}

    def verify_alternative(self, connection, body: bytes, request) -> bool:
        """A second way the system may sign in instead of the spec's scheme (iCIMS: HMAC besides Basic)."""
        return False

    def challenge(self, connection, request) -> str | None:
        """Answer a verification GET (e.g. Certn's ?challenge=); None means not supported."""
        return None

    def verify(self, connection, body: bytes, request) -> bool:
        """HMAC-SHA256 of the raw body with the connection's `webhook_secret`, hex (or sha256=hex)."""
        secret = connection.credential("webhook_secret")
        given = request.headers.get(self.signature_header, "").strip()
        if not secret or not given:
            return False
        given = given.removeprefix("sha256=")
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, given.lower())

    # helpers for subclasses
    @staticmethod
    def load_json(body: bytes) -> dict | list:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PayloadError(f"body is not valid JSON: {exc}") from exc
        except RecursionError:
            raise PayloadError(f"body is nested deeper than {MAX_JSON_DEPTH} levels") from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise PayloadError(f"body is nested deeper than {MAX_JSON_DEPTH} levels")
        return data

    @staticmethod
    def require(obj: dict, *keys: str) -> None:
        if not isinstance(obj, dict):
            raise PayloadError("expected a JSON object")
        missing = [k for k in keys if obj.get(k) in (None, "")]
        if missing:
            raise PayloadError(f"missing field(s): {', '.join(missing)}")
