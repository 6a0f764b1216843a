"""Typed views of what Certn sends: cases (read back after a webhook) and webhook notifications.

Only statuses, scores and ids are kept: `input_claims` and `output_claims` hold the candidate's
personal data and check results, which the hub has no reason to copy (contract §2.3).
"""

from dataclasses import dataclass

from integrations.webhooks import PayloadError

# Case overall_status values (contract §3.1).
CLOSED_STATUSES = frozenset({"COMPLETE", "CANCELLED", "APPLICANT_EXPIRED", "INVITE_UNDELIVERABLE"})


@dataclass(frozen=True)
class CaseData:
    id: str
    short_id: str
    email: str
    overall_status: str
    overall_score: str | None
    created: str
    modified: str

    @classmethod
    def from_api(cls, data: dict) -> "CaseData":
        if not isinstance(data, dict) or not data.get("id"):
            raise ValueError("a Certn case needs an id")
        return cls(
            id=str(data["id"]),
            short_id=data.get("short_id") or "",
            email=data.get("email_address") or "",
            overall_status=data.get("overall_status") or "",
            overall_score=data.get("overall_score"),
            created=data.get("created") or "",
            modified=data.get("modified") or "",
        )

    @property
    def is_closed(self) -> bool:
        return self.overall_status in CLOSED_STATUSES


@dataclass(frozen=True)
class CertnEvent:
    """The thin notification Certn posts (§4): which object changed; the hub fetches it after."""

    id: str
    event_type: str
    object_id: str
    object_type: str
    created: str = ""
    case_status: str = ""
    case_id: str = ""  # the case a CHECK event belongs to, when the sender says

    @classmethod
    def from_payload(cls, data) -> "CertnEvent":
        if not isinstance(data, dict):
            raise PayloadError("expected a JSON object")
        event_id = data.get("id") or data.get("event_id")  # some senders name it event_id (client-code)
        missing = [
            k
            for k, v in (("id", event_id), ("event_type", data.get("event_type")), ("object_id", data.get("object_id")))
            if not v
        ]
        if missing:
            raise PayloadError(f"missing field(s): {', '.join(missing)}")
        object_type = data.get("object_type") or "CASE"
        return cls(
            id=str(event_id),
            event_type=str(data["event_type"]),
            object_id=str(data["object_id"]),
            object_type=object_type,
            created=data.get("created") or "",
            case_status=data.get("case_status") or "",
            case_id=str(data.get("case_id") or (data["object_id"] if object_type == "CASE" else "")),
        )
