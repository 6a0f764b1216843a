"""Parse iCIMS event notifications (contract §3) into inbox events.

iCIMS POSTs one gzip-compressed JSON event per call (the webhook view gunzips it). It signs in
with Basic (checked by the view against the connection's generated credentials) or with its
HMAC scheme `x-icims-v1-hmac-sha256` (`verify_alternative`, key: the connection's credential
`webhook_hmac_key`). One endpoint serves many customers, so the event's `customerId` must be
this connection's; iCIMS warns it sends duplicate notifications, so the dedupe key is
customerId + systemId + newStatus (§3.1). iCIMS counts only 200 (or 303) as processed (§3.1):
a new event is answered 200, not the hub's usual 202.
"""

import hmac
from urllib.parse import urlsplit

from integrations.icims import signing
from integrations.icims.events import STATUS_CHANGE_EVENT
from integrations.icims.payloads import STATUS_CHANGE_KEYS, WorkflowStatusChange
from integrations.webhooks import AuthError, ParsedEvent, PayloadError, UnsupportedShape, WebhookReceiver

ENVELOPE_KEYS = ("eventType", "customerId", "systemId")


class IcimsReceiver(WebhookReceiver):
    success_status = 200  # iCIMS: "reply with HTTP 200 OK"; a 202 is not in its list (§3.1)

    def error_body(self, message: str) -> dict:
        # iCIMS's error standard for vendors (§3.1): userMessage is shown to the recruiter,
        # debugErrorMessage is logged.
        return {"error": {"userMessage": message, "debugErrorMessage": message}}

    # --- authentication: Basic (by the view) or HMAC ------------------------------------------
    def verify_alternative(self, connection, body: bytes, request) -> bool:
        """An `x-icims-v1-hmac-sha256` Authorization that signs this body with the connection's key."""
        parsed = signing.parse_authorization(request.headers.get("Authorization", ""))
        key = connection.credential("webhook_hmac_key") if parsed else ""
        if not parsed or not key:
            return False
        # The body must be covered: iCIMS signs its hash, and we check that hash is this body's.
        if signing.CONTENT_HEADER not in parsed.signed_headers or signing.DATE_HEADER not in parsed.signed_headers:
            return False
        given_hash = request.headers.get(signing.CONTENT_HEADER, "").strip().lower()
        if not hmac.compare_digest(given_hash, signing.content_sha256(body)):
            return False
        headers = {name: request.headers.get(name, "") for name in parsed.signed_headers}
        query = request.META.get("QUERY_STRING", "")
        # iCIMS signed the host and path of the URL it was given; a proxy may have rewritten ours.
        ours = urlsplit(connection.webhook_url)
        for host, path in {(headers.get("host", ""), request.path), (ours.netloc, ours.path)}:
            expected = signing.signature(
                key=key,
                method=request.method,
                path=path,
                query=query,
                headers={**headers, "host": host},
                signed=parsed.signed_headers,
            )
            if hmac.compare_digest(expected, parsed.signature):
                return True
        return False

    # --- parsing --------------------------------------------------------------------------------
    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        data = self.load_json(body)
        if not isinstance(data, dict):  # iCIMS always sends one JSON object per call
            raise PayloadError("expected one JSON object per notification")
        missing = [k for k in ENVELOPE_KEYS if data.get(k) in (None, "")]
        if missing:
            raise UnsupportedShape(f"not an iCIMS event notification: no {', '.join(missing)}")
        self._check_customer(connection, data)
        event_type = str(data["eventType"])
        if event_type == STATUS_CHANGE_EVENT:
            return [self._status_change(data)]
        # Other events (the rest of EVENT_TYPES, or a type iCIMS adds) are stored under their own type:
        # no flow handles them today, so the inbox marks them unsupported rather than dropping them.
        key = f"{data['customerId']}:{data['systemId']}:{event_type}"
        return [ParsedEvent(event_type=event_type, dedupe_key=key, payload=data, external_id=str(data["systemId"]))]

    @staticmethod
    def _check_customer(connection, data: dict) -> None:
        expected = str(connection.setting("customer_id") or "").strip()
        if not expected:
            raise AuthError("this iCIMS connection has no customer id set, so no delivery can be accepted")
        if str(data["customerId"]).strip() != expected:
            raise AuthError(f"event is for iCIMS customer {data['customerId']}, not this connection's")

    @staticmethod
    def _status_change(data: dict) -> ParsedEvent:
        missing = [k for k in STATUS_CHANGE_KEYS if data.get(k) in (None, "")]
        if missing:
            raise UnsupportedShape(
                f"a {STATUS_CHANGE_EVENT} without {', '.join(missing)}", event_type=STATUS_CHANGE_EVENT
            )
        event = WorkflowStatusChange.from_payload(data)
        return ParsedEvent(
            event_type=STATUS_CHANGE_EVENT,
            dedupe_key=f"{event.customer_id}:{event.system_id}:{event.new_status}",
            payload=data,
            external_id=event.system_id,
            meta={"person_id": event.person_id, "job_id": event.job_id, "new_status": event.new_status},
        )
