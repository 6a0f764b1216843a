"""Credly's JSON for the emulator's rows (contract §3, samples §8): templates, badges, events."""

import uuid
from datetime import UTC

from django.conf import settings

from integrations.credly.sandbox.models import (
    AuthorizationToken,
    BadgeState,
    Event,
    IssuedBadge,
    Organization,
    Template,
)

WEB = "https://sandbox.credly.com"
IMAGES = "https://images.credly.com/images"


def iso(value) -> str | None:
    """Credly's response timestamps: UTC, milliseconds, trailing Z."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def organization_json(org: Organization) -> dict:
    """The fields of Credly's organisation object the hub reads, as its documentation shows them."""
    photo = f"{IMAGES}/{org.id}/logo.png"
    return {
        "id": str(org.id),
        "name": org.name,
        "website_url": None,
        "webhook_url": org.webhook_url or None,
        "contact_email": None,
        "vanity_slug": org.vanity_slug,
        "allowed_webhooks": [],
        "created_at": iso(org.created_at),
        "updated_at": iso(org.created_at),
        "vanity_url": f"{WEB}/org/{org.vanity_slug}",
        "verified": True,
        "photo": {"id": str(org.id), "url": photo},
        "photo_url": photo,
    }


def token_json(token: AuthorizationToken) -> dict:
    """An authorization token as `GET .../authorization_tokens` lists it (contract §8.10)."""
    owner = token.organization
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"credly-sandbox-token-{token.pk}")),
        "token": token.token,
        "owner_id": str(owner.id),
        "description": token.description or None,
        "write_enabled": token.write_enabled,
        "read_enabled": token.read_enabled,
        "delete_enabled": token.delete_enabled,
        "created_at": iso(token.created_at),
        "expires_at": iso(token.expires_at),
        "owner": {"type": "Organization", "id": str(owner.id), "name": owner.name, "url": _org_url(owner)},
    }


def owner_json(org: Organization) -> dict:
    return {
        "type": "Organization",
        "id": str(org.id),
        "name": org.name,
        "url": _org_url(org),
        "vanity_url": f"{WEB}/org/{org.vanity_slug}",
        "vanity_slug": org.vanity_slug,
        "verified": True,
        "viewable": True,
    }


def _org_url(org: Organization) -> str:
    return f"{settings.HUB_BASE_URL}/sandbox/credly/v1/organizations/{org.id}"


def template_json(template: Template) -> dict:
    slug = template.name.lower().replace(" ", "-")
    image = f"{IMAGES}/{template.id}/badge.png"
    return {
        "id": str(template.id),
        "name": template.name,
        "description": template.description,
        "state": template.state,
        "public": template.public,
        "visibility": "public" if template.public else "private",
        "allow_duplicate_badges": template.allow_duplicate_badges,
        "vanity_slug": slug,
        "image": {"id": str(template.id), "url": image},
        "image_url": image,
        "url": f"{WEB}/org/{template.organization.vanity_slug}/badge/{slug}",
        "skills": list(template.skills),
        "reporting_tags": list(template.reporting_tags),
        "global_activity_url": None,
        "level": None,
        "time_to_earn": None,
        "cost": None,
        "type_category": None,
        "certification": False,
        "recipient_type": "User",
        "badges_count": template.badges.count(),
        "state_updated_at": iso(template.state_updated_at),
        "created_at": iso(template.created_at),
        "updated_at": iso(template.updated_at),
        "owner": owner_json(template.organization),
        "alignments": [],
        "recommendations": [],
        "badge_template_activities": [],
        "required_badge_templates": [],
    }


def badge_json(badge: IssuedBadge) -> dict:
    template, replacement = badge.template, badge.replacement_badge
    url = f"{WEB}/badges/{badge.id}"
    data = {
        "id": str(badge.id),
        "state": badge.state,
        "recipient_email": badge.recipient_email,
        "issued_to": f"{badge.first_name} {badge.last_name}".strip(),
        "issued_to_first_name": badge.first_name,
        "issued_to_middle_name": badge.middle_name or None,
        "issued_to_last_name": badge.last_name,
        "issuer_earner_id": badge.issuer_earner_id or None,
        "locale": badge.locale,
        "public": badge.public,
        "issued_at": iso(badge.issued_at),
        "issued_at_date": badge.issued_at.date().isoformat(),
        "expires_at": iso(badge.expires_at),
        "expires_at_date": badge.expires_at.date().isoformat() if badge.expires_at else None,
        "state_updated_at": iso(badge.state_updated_at),
        "revocation_reason": badge.revocation_reason or None,
        "replacement_badge_id": str(replacement.id) if replacement else None,
        "replaces_badge_id": str(badge.replaces_id) if badge.replaces_id else None,
        "suppress_badge_notification_email": badge.suppress_notifications,
        "created_at": iso(badge.created_at),
        "updated_at": iso(badge.updated_at),
        "country": None,
        "state_or_province": None,
        "image": {"id": str(template.id), "url": f"{IMAGES}/{template.id}/badge.png"},
        "image_url": f"{IMAGES}/{template.id}/badge.png",
        "badge_url": url,
        "alignments": [],
        "evidence": list(badge.evidence),
        "badge_template": {"id": str(template.id), "name": template.name, "state": template.state},
        "user": _user_json(badge),
        "issuer": {
            "summary": f"issued by {badge.organization.name}",
            "entities": [{"label": "Issued by", "primary": True, "entity": _issuer_entity(badge.organization)}],
        },
        "created_by": _issuer_entity(badge.organization),
        "printing_enabled": False,
        "print_method": None,
    }
    if badge.state == BadgeState.PENDING:
        data["accept_badge_url"] = f"{url}/accept"
    return data


MINIMAL_FIELDS = (
    "id",
    "issued_to",
    "issued_to_first_name",
    "issued_to_last_name",
    "issuer_earner_id",
    "public",
    "recipient_email",
    "state",
    "badge_url",
    "updated_at",
    "created_at",
    "expires_at",
    "issued_at",
    "state_updated_at",
)


def badge_minimal_json(badge: IssuedBadge) -> dict:
    """A badge as the high-volume search's `badge_format=minimal` gives it (contract §4.3.5)."""
    full = badge_json(badge)
    return {
        **{key: full[key] for key in MINIMAL_FIELDS},
        "badge_template": {"id": str(badge.template_id), "name": badge.template.name},
        "user": {"id": str(badge.user_id) if badge.user_id else None},
    }


def _user_json(badge: IssuedBadge) -> dict:
    claimed = badge.user_id is not None
    return {
        "id": str(badge.user_id) if claimed else None,
        "email": badge.recipient_email if claimed else None,
        "first_name": badge.first_name,
        "last_name": badge.last_name,
        "url": f"{WEB}/users/{badge.user_id}" if claimed else None,
    }


def _issuer_entity(org: Organization) -> dict:
    return {"type": "Organization", "id": str(org.id), "name": org.name, "verified": True}


def event_json(event: Event) -> dict:
    return {
        **envelope_json(event),
        **event.resource,
    }


def envelope_json(event: Event) -> dict:
    """What Credly POSTs to the webhook URL: no resource data (contract §5.3)."""
    return {
        "id": str(event.id),
        "organization_id": str(event.organization_id),
        "event_type": event.event_type,
        "occurred_at": iso(event.occurred_at),
    }
