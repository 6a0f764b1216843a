"""Typed views of what Credly sends: badge templates, issued badges and events (contract §3).

Flows read these rather than raw dicts so a renamed key fails here, once, with a clear error.
`from_api` takes the `data` object of an answer (or the nested resource of an event detail).
"""

from dataclasses import dataclass
from datetime import date, datetime

from integrations.credly.client import parse_time

BADGE_STATES = ("pending", "accepted", "rejected", "revoked")
LIVE_BADGE_STATES = ("pending", "accepted")
TEMPLATE_STATES = ("draft", "active", "archived")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class BadgeTemplateData:
    id: str
    name: str
    state: str
    description: str = ""
    image_url: str = ""
    url: str = ""
    owner_id: str = ""
    skills: tuple[str, ...] = ()
    reporting_tags: tuple[str, ...] = ()
    allow_duplicate_badges: bool = False
    updated_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.state == "active"

    @classmethod
    def from_api(cls, data: dict) -> "BadgeTemplateData":
        return cls(
            id=data["id"],
            name=data.get("name") or "",
            state=data.get("state") or "",
            description=data.get("description") or "",
            image_url=data.get("image_url") or (data.get("image") or {}).get("url") or "",
            url=data.get("url") or "",
            owner_id=(data.get("owner") or {}).get("id") or "",
            skills=tuple(data.get("skills") or ()),
            reporting_tags=tuple(data.get("reporting_tags") or ()),
            allow_duplicate_badges=bool(data.get("allow_duplicate_badges")),
            updated_at=parse_time(data.get("updated_at")),
        )


@dataclass(frozen=True)
class IssuedBadgeData:
    id: str
    state: str
    template_id: str
    template_name: str
    recipient_email: str
    first_name: str = ""
    last_name: str = ""
    issuer_earner_id: str | None = None
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    issued_at_date: date | None = None
    expires_at_date: date | None = None
    state_updated_at: datetime | None = None
    revocation_reason: str | None = None
    replacement_badge_id: str | None = None
    replaces_badge_id: str | None = None
    badge_url: str = ""
    user_id: str | None = None
    evidence: tuple[dict, ...] = ()

    @property
    def is_live(self) -> bool:
        """Held by the earner: pending or accepted, and not superseded by a replacement."""
        return self.state in LIVE_BADGE_STATES and not self.replacement_badge_id

    @property
    def is_revoked(self) -> bool:
        return self.state == "revoked"

    @classmethod
    def from_api(cls, data: dict) -> "IssuedBadgeData":
        template = data.get("badge_template") or {}
        issued_at, expires_at = parse_time(data.get("issued_at")), parse_time(data.get("expires_at"))
        return cls(
            id=data["id"],
            state=data.get("state") or "",
            template_id=template.get("id") or data.get("badge_template_id") or "",
            template_name=template.get("name") or "",
            recipient_email=data.get("recipient_email") or (data.get("user") or {}).get("email") or "",
            first_name=data.get("issued_to_first_name") or (data.get("user") or {}).get("first_name") or "",
            last_name=data.get("issued_to_last_name") or (data.get("user") or {}).get("last_name") or "",
            issuer_earner_id=data.get("issuer_earner_id"),
            issued_at=issued_at,
            expires_at=expires_at,
            issued_at_date=_date(data.get("issued_at_date")) or (issued_at.date() if issued_at else None),
            expires_at_date=_date(data.get("expires_at_date")) or (expires_at.date() if expires_at else None),
            state_updated_at=parse_time(data.get("state_updated_at")),
            revocation_reason=data.get("revocation_reason"),
            replacement_badge_id=data.get("replacement_badge_id"),
            replaces_badge_id=data.get("replaces_badge_id"),
            badge_url=data.get("badge_url") or "",
            user_id=(data.get("user") or {}).get("id"),
            evidence=tuple(data.get("evidence") or ()),
        )


@dataclass(frozen=True)
class CredlyEvent:
    """An event detail from GET /events/{id}: the envelope plus the resource as of the event."""

    id: str
    event_type: str
    organization_id: str
    occurred_at: datetime | None
    badge: IssuedBadgeData | None = None
    badge_template: BadgeTemplateData | None = None

    @property
    def resource_id(self) -> str:
        resource = self.badge or self.badge_template
        return resource.id if resource else ""

    @classmethod
    def from_api(cls, data: dict) -> "CredlyEvent":
        badge, template = data.get("badge"), data.get("badge_template")
        # Template events may omit organization_id (contract §8.9); the owner names it.
        org = data.get("organization_id") or ((template or {}).get("owner") or {}).get("id") or ""
        return cls(
            id=data["id"],
            event_type=data["event_type"],
            organization_id=org,
            occurred_at=parse_time(data.get("occurred_at")),
            badge=IssuedBadgeData.from_api(badge) if badge else None,
            badge_template=BadgeTemplateData.from_api(template) if template else None,
        )
