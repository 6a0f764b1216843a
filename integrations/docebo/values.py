"""Reading Docebo's values defensively: its dates, ids and additional-field shapes vary by endpoint.

Facts and their status are in ../shared/contracts/docebo.md (§1.3, §3.5).
"""

from datetime import date, datetime

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
