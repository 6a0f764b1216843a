"""What the connector needs from any ATS: stage changes in; fields, files and links out."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class StageChange:
    """A candidate (or placement) reached a stage."""

    person_id: str
    status: str
    workflow_id: str = ""  # placement / application id
    job_id: str = ""


@dataclass(frozen=True)
class Candidate:
    person_id: str
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    fields: dict = field(default_factory=dict)  # every field read, for ATS -> Credentially mapping rows


@dataclass(frozen=True)
class DocumentVersion:
    """One file version with the metadata the connector syncs (issue, expiry, number)."""

    document_name: str
    document_type: str
    file_id: str
    filename: str
    content_type: str
    issued: date | None = None
    expiry: date | None = None
    number: str = ""
    status: str = ""


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int | None  # None: no size limit known
    allowed_types: tuple[str, ...]  # lower-case extensions without the dot; empty: any

    def refusal(self, *, filename: str, size: int | None) -> str:
        """Why a file may not be sent under these limits, or ""."""
        ext = extension(filename)
        if self.allowed_types and ext not in self.allowed_types:
            return f"file type '{ext or 'none'}' is not allowed (allowed: {', '.join(self.allowed_types)})"
        if self.max_bytes is not None and size is not None and size > self.max_bytes:
            return f"file is {size:,} bytes, over the limit of {self.max_bytes:,} bytes"
        return ""

    @classmethod
    def from_settings(cls, connection, *, default_bytes: int | None, default_types: tuple[str, ...]) -> "FileLimits":
        raw_bytes = connection.setting("max_file_bytes")
        raw_types = connection.setting("allowed_file_types")
        types = default_types if raw_types in (None, "") else _types(raw_types)
        return cls(max_bytes=int(raw_bytes) if raw_bytes not in (None, "") else default_bytes, allowed_types=types)


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _types(raw) -> tuple[str, ...]:
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return tuple(str(t).strip().lower().lstrip(".") for t in items if str(t).strip())


class AtsAdapter:
    """Base of every ATS adapter; `connection` is the ATS connection."""

    system = ""
    # Defaults when the connection's settings name no limits.
    default_max_bytes: int | None = None
    default_types: tuple[str, ...] = ()

    def __init__(self, connection):
        self.connection = connection
        self.client = connection.client()
        self.counted = 0  # calls already added to the connection's daily count

    @property
    def calls(self) -> int:
        return self.client.calls

    def spend(self) -> None:
        """Add the calls made since the last spend to the account's daily count (licences meter calls)."""
        from mappings.compliance.services import ats_calls_record

        ats_calls_record(connection=self.connection, calls=self.calls - self.counted)
        self.counted = self.calls

    def file_limits(self) -> FileLimits:
        return FileLimits.from_settings(
            self.connection, default_bytes=self.default_max_bytes, default_types=self.default_types
        )

    # --- phase 1: stage changes in -------------------------------------------------------------
    def stage_change_from_event(self, payload: dict) -> StageChange:
        raise NotImplementedError

    def stage_change_current(self, change: StageChange) -> StageChange:
        """The stage as the ATS shows it now. A webhook is a hint: an adapter whose ATS can be read
        returns the candidate's current stage (and ids) from a fresh read, whatever the event said."""
        return change

    def stage_changes(self, *, statuses: list[str], since: datetime | None) -> Iterator[StageChange]:
        """Candidates now in one of `statuses` (changed since `since`), for ATSs that cannot call us."""
        raise NotImplementedError

    def candidate(self, change: StageChange) -> Candidate:
        raise NotImplementedError

    # --- phase 2: writes out -------------------------------------------------------------------
    def read_fields(self, person_id: str, fields: list[str]) -> dict:
        raise NotImplementedError

    def write_fields(self, person_id: str, values: dict) -> None:
        raise NotImplementedError

    def batches_documents(self) -> bool:
        """True when new versions go out with the mapped values in one write (`write_batch`)."""
        return False

    def send_document(self, person_id: str, version: DocumentVersion, content: bytes) -> str:
        """Store one file version with its metadata; returns where it went (for the admin)."""
        raise NotImplementedError

    def send_document_link(self, person_id: str, version: DocumentVersion, url: str, reason: str) -> str | None:
        """Write a link to a file that could not be sent; None when this ATS has nowhere to put it."""
        raise NotImplementedError
