"""Parse iCIMS event notifications (contract §3) into inbox events.

iCIMS POSTs one gzip-compressed JSON event per call with HTTP Basic auth (the webhook view
gunzips and checks Basic before `parse`). One endpoint serves many customers, so the event's
`customerId` must be this connection's; iCIMS warns it sends duplicate notifications, so the
dedupe key is customerId + systemId + newStatus (§3.1).
"""

from integrations.icims.events import STATUS_CHANGE_EVENT
from integrations.icims.payloads import WorkflowStatusChange
from integrations.webhooks import AuthError, ParsedEvent, WebhookReceiver


class IcimsReceiver(WebhookReceiver):
    def error_body(self, message: str) -> dict:
        # iCIMS shows userMessage to the recruiter and logs debugErrorMessage (contract §3.1).
        return {"error": {"userMessage": message, "debugErrorMessage": message}}

    def parse(self, connection, body: bytes, request) -> list[ParsedEvent]:
        data = self.load_json(body)
        self.require(data, "eventType", "customerId", "systemId")
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
        event = WorkflowStatusChange.from_payload(data)
        return ParsedEvent(
            event_type=STATUS_CHANGE_EVENT,
            dedupe_key=f"{event.customer_id}:{event.system_id}:{event.new_status}",
            payload=data,
            external_id=event.system_id,
            meta={"person_id": event.person_id, "job_id": event.job_id, "new_status": event.new_status},
        )
