"""What Docebo sends and what we send it: typed webhook payloads, and Docebo's values read defensively.

Webhook items (one element of `payload` / `payloads`): keys per contract §4.4; learning-plan and
certification payloads are unconfirmed, so their parsers accept the likely spellings
(`learning_plan_id` or `id_path`, `certification_id` or `id_cert`) and treat Docebo's
"0000-00-00" dates as none.

Values: Docebo's dates, ids and additional-field shapes vary by endpoint (§1.3, §3.5); the
helpers below read them for the payloads, the client and the flows, and build the
external-training body the client sends (§3.6).
"""

from dataclasses import dataclass
from datetime import date, datetime

from integrations.docebo import events
from integrations.webhooks import PayloadError

EMPTY_DATES = {"", "0000-00-00", "0000-00-00 00:00:00"}


def parse_datetime(value) -> datetime | None:
    """Docebo's "YYYY-MM-DD HH:MM:SS" (or a bare date); "0000-00-00..." and blanks mean no date."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if text in EMPTY_DATES:
        return None
    try:
        return datetime.fromisoformat(text.replace("T", " ").removesuffix("Z"))
    except ValueError:
        return None


def parse_date(value) -> date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None


def as_int(value) -> int | None:
    """Ids are ints in JSON, but some lists send `user_id` as a string: accept both."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def date_text(value) -> str | None:
    """A date (or date string) as Docebo's "YYYY-MM-DD"."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def field_options(field: dict) -> list[dict]:
    """A dropdown's options as [{id, label}]; the array is `options` or possibly `elements` (unconfirmed)."""
    raw = field.get("options") or field.get("elements") or []
    out = []
    for option in raw:
        label = option.get("label")
        if isinstance(label, dict):  # translations: {"english": "..."}
            label = label.get("english") or next(iter(label.values()), "")
        out.append({"id": option.get("id", option.get("id_element")), "label": label or ""})
    return out


def field_name(field: dict) -> str:
    """A field's display name; `name.value` may be null, then Docebo labels it course_extrafield_<id>."""
    name = field.get("name")
    if isinstance(name, dict):
        text = name.get("value") or next((v for v in (name.get("values") or {}).values() if v), None)
        return text or f"course_extrafield_{field.get('id')}"
    return name or field.get("title") or f"course_extrafield_{field.get('id')}"


def course_field_value(course: dict, field_id) -> str | None:
    """The selected option id of a course's dropdown, from the detail's `additional_fields` or `field_<id>`."""
    fields = course.get("additional_fields")
    value = None
    if isinstance(fields, dict):
        value = fields.get(str(field_id))
    elif isinstance(fields, list):
        value = next((f.get("value") for f in fields if str(f.get("id")) == str(field_id)), None)
    if value in (None, "") and f"field_{field_id}" in course:
        value = course[f"field_{field_id}"]
    if isinstance(value, dict):  # {"id": 31, "label": "..."}
        value = value.get("id") or value.get("label")
    return None if value in (None, "", 0, "0") else str(value)


def listed_field_value(course: dict, field_id) -> tuple[bool, str | None]:
    """(carried, option id) of a course's dropdown as a listing item shows it: `carried` is False
    when the item holds no additional-field data at all (then only a course read can tell)."""
    carried = "additional_fields" in course or f"field_{field_id}" in course
    return carried, (course_field_value(course, field_id) if carried else None)


# external-training keyword -> Docebo body key (§3.6, emulator contract)
TRAINING_KEYS = {
    "course_name": "course_name",
    "institute": "training_institute",
    "date": "to_date",
    "from_date": "from_date",
    "expiration_date": "expiration_date",
    "certificate_url": "certificate",
    "credits": "credits",
    "score": "score",
    "course_type": "course_type",
    "status": "status",
    "additional_fields": "additional_fields",
    "user_id": "user_id",
}


def training_body(**fields) -> dict:
    """Map our keyword names onto Docebo's external-training keys, dropping what was not given."""
    body = {}
    for name, value in fields.items():
        if value is None:
            continue
        key = TRAINING_KEYS.get(name, name)
        body[key] = date_text(value) if key in ("to_date", "from_date", "expiration_date") else value
    return body


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


def award_body(issued_on, expires_on, source: str, external_link: str) -> dict:
    """An award's dates and, given a link, its origin as an external certification (§3.7: the manual
    award's Association Type "External certification", its Source and external link; API field
    names unconfirmed, checked by the connection check's probe)."""
    body = {"issued_on": date_text(issued_on), "expire_on": date_text(expires_on)}
    if external_link:
        body |= {"association_type": "external", "source": source, "external_link": external_link}
    return body
