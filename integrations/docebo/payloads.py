"""Typed views of what Docebo sends in a webhook item (one element of `payload` / `payloads`).

Keys per contract §4.4; learning-plan and certification payloads are unconfirmed, so their
parsers accept the likely spellings (`learning_plan_id` or `id_path`, `certification_id` or
`id_cert`) and treat Docebo's "0000-00-00" dates as none.
"""

from dataclasses import dataclass
from datetime import date, datetime

from integrations.docebo import events
from integrations.docebo.values import as_int, parse_date, parse_datetime
from integrations.webhooks import PayloadError


def _required_int(payload: dict, *keys: str) -> int:
    for key in keys:
        value = as_int(payload.get(key))
        if value is not None:
            return value
    raise PayloadError(f"missing or non-numeric field: {' or '.join(keys)}")


def email_of(payload: dict) -> str:
    """The learner's e-mail: `email` when sent, else `username` when it is an address."""
    for key in ("email", "username"):
        value = str(payload.get(key) or "").strip()
        if "@" in value and " " not in value:
            return value.lower()
    return ""


@dataclass(frozen=True)
class CourseCompletion:
    user_id: int
    course_id: int
    username: str = ""
    email: str = ""
    course_name: str = ""
    status: str = ""
    completion_date: datetime | None = None
    enrollment_date: datetime | None = None
    fired_at: datetime | None = None

    @classmethod
    def from_payload(cls, payload: dict) -> "CourseCompletion":
        return cls(
            user_id=_required_int(payload, "user_id"),
            course_id=_required_int(payload, "course_id"),
            username=str(payload.get("username") or ""),
            email=email_of(payload),
            course_name=str(payload.get("course_name") or payload.get("name") or ""),
            status=str(payload.get("status") or ""),
            completion_date=parse_datetime(payload.get("completion_date")),
            enrollment_date=parse_datetime(payload.get("enrollment_date")),
            fired_at=parse_datetime(payload.get("fired_at")),
        )

    @property
    def completed(self) -> bool:
        return self.status == "completed" and self.completion_date is not None


@dataclass(frozen=True)
class LearningPlanCompletion:
    user_id: int
    learning_plan_id: int
    username: str = ""
    email: str = ""
    learning_plan_name: str = ""
    learning_plan_code: str = ""
    completion_date: datetime | None = None
    fired_at: datetime | None = None

    @classmethod
    def from_payload(cls, payload: dict) -> "LearningPlanCompletion":
        return cls(
            user_id=_required_int(payload, "user_id"),
            learning_plan_id=_required_int(payload, "learning_plan_id", "id_path", "learningplan_id"),
            username=str(payload.get("username") or ""),
            email=email_of(payload),
            learning_plan_name=str(payload.get("learning_plan_name") or payload.get("name") or ""),
            learning_plan_code=str(payload.get("learning_plan_code") or payload.get("code") or ""),
            completion_date=parse_datetime(payload.get("completion_date")),
            fired_at=parse_datetime(payload.get("fired_at")),
        )


@dataclass(frozen=True)
class CertificationChange:
    user_id: int
    certification_id: int
    username: str = ""
    email: str = ""
    certification_code: str = ""
    certification_title: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    fired_at: datetime | None = None

    @classmethod
    def from_payload(cls, payload: dict) -> "CertificationChange":
        return cls(
            user_id=_required_int(payload, "user_id"),
            certification_id=_required_int(payload, "certification_id", "id_cert"),
            username=str(payload.get("username") or ""),
            email=email_of(payload),
            certification_code=str(payload.get("certification_code") or payload.get("code") or ""),
            certification_title=str(payload.get("certification_title") or payload.get("title") or ""),
            issued_on=parse_date(payload.get("issued_on")),
            expires_on=parse_date(payload.get("expire_on") or payload.get("expires_on")),
            fired_at=parse_datetime(payload.get("fired_at")),
        )


PAYLOAD_TYPES = {
    events.COURSE_COMPLETED: CourseCompletion,
    events.LEARNING_PLAN_COMPLETED: LearningPlanCompletion,
    **{name: CertificationChange for name in events.CERTIFICATION_EVENTS},
}


def parse_item(event_type: str, payload: dict):
    """The typed payload of a known event type; raises LookupError for a type we do not model."""
    try:
        return PAYLOAD_TYPES[event_type].from_payload(payload)
    except KeyError:
        raise LookupError(f"no payload type for Docebo event {event_type!r}") from None


def object_ref(payload: dict) -> str:
    """The id a person searches by: the learner with the course, plan or certification concerned."""
    parts = []
    user_id = as_int(payload.get("user_id"))
    if user_id is not None:
        parts.append(f"user:{user_id}")
    for kind, keys in (
        ("course", ("course_id",)),
        ("learningplan", ("learning_plan_id", "id_path")),
        ("certification", ("certification_id", "id_cert")),
    ):
        value = next((as_int(payload.get(k)) for k in keys if as_int(payload.get(k)) is not None), None)
        if value is not None:
            parts.append(f"{kind}:{value}")
            break
    return "/".join(parts)
