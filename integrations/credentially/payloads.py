"""Typed views of what Credentially returns and sends (contract §2.5-§2.9, §3.3).

Each `from_api` takes the plain dict the client returned and keeps what the hub maps to the
ATS. Unknown keys are ignored; missing optional keys become None / empty.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

# Emulator value for the OCR key holding a document's number; not documented (§2.7, unconfirmed).
DOCUMENT_NUMBER_KEYS = ("documentNumber", "number", "licenceNumber", "certificateNumber")


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _datetime(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _tag_keys(tags) -> tuple[str, ...]:
    return tuple(t.get("key", "") for t in tags or [] if isinstance(t, dict))


@dataclass(frozen=True)
class ProfileData:
    id: str
    email: str
    first_name: str
    last_name: str
    phone: str
    role: str
    job_status: str
    compliance_status: str
    compliance_tags: tuple[str, ...]
    registration_number: str
    custom_fields: dict = field(default_factory=dict)
    onboarding_status: str = ""

    @classmethod
    def from_api(cls, data: dict, *, phone_field: str = "") -> "ProfileData":
        """`phone_field`: the custom profile field holding the phone. Credentially's published profile
        schema has no phone (only create takes one), so without it the phone is not read back."""
        jobs = data.get("jobs") or [{}]
        checklists = data.get("checklists") or []
        custom = {f.get("shortName"): f.get("value") for f in data.get("customProfileFields") or []}
        # The top-level registration fields are write-only in the spec: the number is read from
        # `professionalRegistration` (older samples carry it at the top level too).
        registration = (data.get("professionalRegistration") or {}).get("registrationNumber")
        return cls(
            id=str(data["id"]),
            email=data.get("email") or "",
            first_name=data.get("firstName") or "",
            last_name=data.get("lastName") or "",
            phone=str(custom.get(phone_field) or "") if phone_field else "",
            role=(data.get("personnelType") or {}).get("name") or (jobs[0].get("role") or {}).get("name") or "",
            job_status=jobs[0].get("status") or "",
            compliance_status=data.get("complianceStatus") or "",
            compliance_tags=_tag_keys(data.get("complianceStatusTags")),
            registration_number=registration or data.get("registrationNumber") or "",
            custom_fields=custom,
            onboarding_status=checklists[0].get("status", "") if checklists else "",
        )

    @property
    def compliant(self) -> bool:
        return self.compliance_status == "COMPLIANT"


@dataclass(frozen=True)
class RequirementData:
    id: str
    type: str  # DOCUMENT_TYPE, INTEGRATION, REFERENCE_FORM, TEXT_REQUIREMENT
    name: str
    compliance_status: str
    tags: tuple[str, ...]
    package: str = ""
    group: str = ""
    approved_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict) -> "RequirementData":
        name = (
            (data.get("documentType") or {}).get("name")
            or (data.get("integration") or {}).get("name")
            or (data.get("referenceForm") or {}).get("title")
            or (data.get("textRequirement") or {}).get("name")
            or ""
        )
        return cls(
            id=str(data["id"]),
            type=data.get("type") or "",
            name=name,
            compliance_status=data.get("complianceStatus") or "",
            tags=_tag_keys(data.get("complianceTags")),
            package=data.get("packageName") or "",
            group=data.get("groupName") or "",
            approved_at=_datetime(data.get("approved")),
        )

    @property
    def compliant(self) -> bool:
        return self.compliance_status == "COMPLIANT"


@dataclass(frozen=True)
class DocumentData:
    """A document slot and its current file; `versions` counts every file it has had."""

    id: str
    type_key: str
    type_name: str
    status: str
    versions: int
    file_id: int | None
    file_public_id: str
    filename: str
    issued: date | None
    expiry: date | None
    number: str
    file_size: int | None = None
    content_type: str = ""
    uploaded_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict) -> "DocumentData":
        active = data.get("activeFile") or {}
        doc_type = data.get("type") or {}
        ocr = active.get("extraOcrFields") or {}
        number = next((str(ocr[k]) for k in DOCUMENT_NUMBER_KEYS if ocr.get(k)), "")
        return cls(
            id=str(data["id"]),
            type_key=doc_type.get("key") or "",
            type_name=doc_type.get("name") or data.get("otherTypeName") or "",
            status=data.get("statusType") or active.get("statusType") or "",
            versions=int(data.get("versions") or (1 if active else 0)),
            file_id=active.get("id"),
            file_public_id=active.get("publicId") or "",
            filename=active.get("originName") or "",
            issued=_date(active.get("issued")),
            expiry=_date(active.get("expiry")),
            number=number,
            # Not in Credentially's file object (its published schema): known once the file is downloaded.
            file_size=active.get("size"),
            content_type=active.get("contentType") or "",
            uploaded_at=_datetime(active.get("created")),
        )


@dataclass(frozen=True)
class CheckData:
    """One check result: a DBS check, the right to work, or the professional registration."""

    kind: str  # DBS, RIGHT_TO_WORK, REGISTRATION
    status: str
    passed: bool | None
    reference: str = ""  # certificate or registration number
    level: str = ""
    checked_at: datetime | None = None

    @classmethod
    def from_api(cls, kind: str, data: dict) -> "CheckData":
        if kind == "DBS":
            status = data.get("status") or ""
            return cls(
                kind=kind,
                status=status,
                passed=status in ("BLANK_NO_NEW_INFO", "NON_BLANK_NO_NEW_INFO"),
                reference=data.get("certificateNumber") or "",
                level=data.get("level") or "",
                checked_at=_datetime(data.get("lastCheckDateTime")),
            )
        if kind == "RIGHT_TO_WORK":
            return cls(
                kind=kind,
                status=data.get("status") or "",
                passed=data.get("passed"),
                level=data.get("validityType") or "",
                checked_at=_datetime(data.get("updated")),
            )
        status = data.get("registrationStatus") or data.get("registrationNumberStatus") or ""
        return cls(
            kind=kind,
            status=status,
            passed=data.get("hasLicenceToPractise"),
            reference=data.get("registrationNumber") or "",
            level=data.get("registrationNumberType") or "",
            checked_at=_datetime(data.get("lastCheckDateTime")),
        )

    @classmethod
    def all_from_api(cls, checks: dict) -> list["CheckData"]:
        """The checks of `CredentiallyClient.get_checks()` as a flat list."""
        out = [cls.from_api("DBS", d) for d in checks.get("dbs") or []]
        if checks.get("rightToWork"):
            out.append(cls.from_api("RIGHT_TO_WORK", checks["rightToWork"]))
        if (checks.get("professionalRegistration") or {}).get("registrationNumber"):
            out.append(cls.from_api("REGISTRATION", checks["professionalRegistration"]))
        return out


@dataclass(frozen=True)
class ReferenceData:
    id: str
    title: str
    status: str  # OK, EXPIRED, MISSING
    source_status: str
    referee_name: str
    referee_email: str
    start_date: date | None = None
    end_date: date | None = None
    expiry_date: date | None = None

    @classmethod
    def from_api(cls, data: dict) -> "ReferenceData":
        referee = data.get("referee") or {}
        return cls(
            id=str(data["id"]),
            title=data.get("title") or "",
            status=data.get("status") or "",
            source_status=data.get("sourceStatus") or "",
            referee_name=referee.get("fullName") or "",
            referee_email=referee.get("email") or "",
            start_date=_date(data.get("startDate")),
            end_date=_date(data.get("endDate")),
            expiry_date=_date(data.get("expiryDate")),
        )


@dataclass(frozen=True)
class CredentiallyEvent:
    """One callback (§3.3, body shape unconfirmed). It only says what changed: fetch the rest."""

    event_id: str
    event_type: str
    occurred_at: datetime | None
    organisation_id: str
    profile_id: str
    payload: dict

    @classmethod
    def from_api(cls, data: dict) -> "CredentiallyEvent":
        """A nested body (`payload` holds the fields) or a flat one (the fields beside `eventType`)."""
        payload = data["payload"] if isinstance(data.get("payload"), dict) else data
        return cls(
            event_id=str(data.get("eventId") or ""),
            event_type=data["eventType"],
            occurred_at=_datetime(data.get("occurredAt")),
            organisation_id=str(data.get("organisationId") or ""),
            profile_id=str(payload.get("profileId") or ""),
            payload=payload,
        )
