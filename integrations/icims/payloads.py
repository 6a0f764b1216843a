"""Typed views of what iCIMS sends and returns (the status-change event, a person, a workflow) and
the value formats the client and the sandbox share: date-times, file limits, search pages, new ids.

iCIMS adds keys without notice and hides fields the API user may not see (contract §1.2, §1.3),
so every reader here takes only the keys it knows and treats a missing key as empty.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from integrations.client import PermanentError
from integrations.webhooks import PayloadError

STATUS_CHANGE_KEYS = ("customerId", "systemId", "personId", "jobId", "newStatus")
DATETIME_FORMAT = "%Y-%m-%d %I:%M %p"  # iCIMS date-time values, always UTC (§2.2)
SEARCH_PAGE = 1000  # iCIMS returns at most 1,000 ids per search (§2.5)
# `staleness` takes a positive whole number of minutes (default 15); the freshest it allows (§2.5).
SEARCH_STALENESS_MINUTES = 1

# File limits are not published by iCIMS (§2.6, §5); these are the contract's working assumption
# and can be overridden per tenant with the settings `allowed_file_types` and `max_file_bytes`.
ACCEPTED_EXTENSIONS = ("pdf", "doc", "docx", "rtf", "txt", "png", "jpg", "jpeg")
MAX_FILE_BYTES = 10 * 1024 * 1024


def _text(value) -> str:
    return "" if value is None else str(value)


def list_value(value) -> str:
    """The label of a list field ({"id","value"}), or the scalar itself."""
    if isinstance(value, dict):
        return _text(value.get("value") or value.get("formattedvalue") or value.get("id"))
    return _text(value)


def list_id(value) -> str:
    return _text(value.get("id")) if isinstance(value, dict) else ""


def profile_id(value) -> str:
    """The id of a profile link ({"profile","id","value"}) or a bare id."""
    return _text(value.get("id")) if isinstance(value, dict) else _text(value)


def format_datetime(value: datetime) -> str:
    """A datetime as iCIMS writes it: 'yyyy-mm-dd hh:mm AM' in UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(DATETIME_FORMAT)


def search_since_filter(name: str, since: datetime, *, today: date | None = None) -> dict:
    """A Search API filter for "on or after the day of `since`", in iCIMS's own date form (§2.5):
    `value` the start of a day counted back from today (`{DATE:START}{DATE:-9}`), `secondaryValue`
    the end of today (`{DATE:END}`). Days are whole and in the tenant's time zone, so one more day
    is taken: a search may return a little more than asked, never less."""
    today = today or datetime.now(UTC).date()
    since_day = (since.astimezone(UTC) if since.tzinfo else since).date()
    days = max(0, (today - since_day).days) + 1
    return {
        "name": name,
        "value": [f"{{DATE:START}}{{DATE:-{days}}}"],
        "secondaryValue": ["{DATE:END}"],
        "operator": "=",
    }


def parse_datetime(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATETIME_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def id_from_location(response, *, required: bool = True) -> int | None:
    """iCIMS answers a create with 201 and `Location: .../{newId}` and no body (§2.2)."""
    location = response.headers.get("Location", "").rstrip("/")
    tail = location.rsplit("/", 1)[-1]
    if tail.isdigit():
        return int(tail)
    if required:
        raise PermanentError("iCIMS created the record but sent no Location with its id", status=response.status_code)
    return None


@dataclass(frozen=True)
class LinkData:
    rel: str
    title: str
    url: str


@dataclass(frozen=True)
class WorkflowStatusChange:
    """A `WorkFlowStatusChangeEvent` (§3.2): a recruiter moved a candidate into a trigger status."""

    customer_id: str
    system_id: str  # the recruiting workflow (person <-> job)
    person_id: str
    job_id: str
    user_id: str
    new_status: str  # list node id, e.g. "C2047"
    old_status: str
    links: tuple[LinkData, ...] = ()

    @classmethod
    def from_payload(cls, data: dict) -> "WorkflowStatusChange":
        if not isinstance(data, dict):
            raise PayloadError("expected a JSON object")
        missing = [k for k in STATUS_CHANGE_KEYS if data.get(k) in (None, "")]
        if missing:
            raise PayloadError(f"missing field(s): {', '.join(missing)}")
        return cls(
            customer_id=_text(data["customerId"]),
            system_id=_text(data["systemId"]),
            person_id=_text(data["personId"]),
            job_id=_text(data["jobId"]),
            user_id=_text(data.get("userId")),
            new_status=_text(data["newStatus"]),
            old_status=_text(data.get("oldStatus")),
            links=tuple(_links(data.get("links"))),
        )

    def link(self, rel: str) -> str:
        return next((item.url for item in self.links if item.rel == rel), "")


def _links(raw) -> list[LinkData]:
    # The element shape is unconfirmed (§3.2): accept {"rel","title","url"} objects, skip the rest.
    if not isinstance(raw, list):
        return []
    return [
        LinkData(rel=_text(x.get("rel")), title=_text(x.get("title")), url=_text(x.get("url") or x.get("href")))
        for x in raw
        if isinstance(x, dict)
    ]


@dataclass(frozen=True)
class PersonData:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    birthdate: str = ""
    folder: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, person_id, data: dict) -> "PersonData":
        phones = data.get("phones") or []
        phone = next((_text(p.get("phonenumber")) for p in phones if isinstance(p, dict)), "")
        return cls(
            id=_text(person_id),
            first_name=_text(data.get("firstname")),
            last_name=_text(data.get("lastname")),
            email=_text(data.get("email")),
            phone=phone,
            birthdate=_text(data.get("birthdate")),
            folder=list_value(data.get("folder")),
            raw=data,
        )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class WorkflowData:
    id: str
    person_id: str
    job_id: str
    status_id: str
    status: str
    job_title: str = ""
    person_name: str = ""
    updated: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, workflow_id, data: dict) -> "WorkflowData":
        job, person = data.get("baseprofile"), data.get("associatedprofile")
        return cls(
            id=_text(workflow_id),
            person_id=profile_id(person),
            job_id=profile_id(job),
            status_id=list_id(data.get("status")),
            status=list_value(data.get("status")),
            job_title=list_value(job) if isinstance(job, dict) else "",
            person_name=list_value(person) if isinstance(person, dict) else "",
            updated=_text(data.get("updateddate")),
            raw=data,
        )
