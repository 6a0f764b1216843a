"""The Credly emulator's writers: every state change of a badge or template, and its event.

Both the emulated API and the sandbox page's actions go through here, so a badge the hub issues
over the API fires the same `badge.created` webhook as one a person issues on the page (which is
what makes the hub's loop prevention really tested). Webhooks leave after the commit.
"""

import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from integrations.credly import events
from integrations.credly.sandbox.models import BadgeState, Event, IssuedBadge, Organization, Template, TemplateState
from integrations.credly.sandbox.render import badge_json, envelope_json, template_json
from integrations.sandbox.outbox import send_webhook

UNSET = object()  # expires_at not given: the template's default expiry applies; None: never expires
LIVE_STATES = (BadgeState.PENDING, BadgeState.ACCEPTED)


class CredlyApiError(Exception):
    """An error answer in Credly's shape: `{"data": {"message": ...}, "metadata": {...}}`."""

    def __init__(self, status: int, message: str, metadata: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.metadata = status, message, metadata or {}


def invalid(message: str, **metadata) -> CredlyApiError:
    return CredlyApiError(422, f"Validation failed: {message}", metadata)


def record_event(org: Organization, event_type: str, *, badge=None, template=None) -> Event:
    """Append to the event feed with a snapshot of the resource, and POST the envelope."""
    resource = {"badge": badge_json(badge)} if badge is not None else {"badge_template": template_json(template)}
    event = Event.objects.create(organization=org, event_type=event_type, occurred_at=timezone.now(), resource=resource)
    if org.webhook_url and (not org.webhook_events or event_type in org.webhook_events):
        send_webhook(system="credly", url=org.webhook_url, body=envelope_json(event), event_type=event_type)
    return event


# --- badges -------------------------------------------------------------------------------------
@transaction.atomic
def badge_issue(
    org: Organization,
    *,
    template_id,
    recipient_email: str,
    first_name: str,
    last_name: str,
    issued_at: datetime,
    expires_at=UNSET,
    middle_name: str = "",
    issuer_earner_id: str | None = None,
    locale: str = "en",
    suppress_notifications: bool = False,
    evidence: list | None = None,
    replaces: IssuedBadge | None = None,
) -> IssuedBadge:
    template = _issuable_template(org, template_id)
    _refuse_duplicate(org, template, recipient_email, issuer_earner_id, exclude=replaces)
    if expires_at is UNSET:
        days = template.expires_in_days
        expires_at = issued_at + timedelta(days=days) if days else None
    if replaces is not None:  # the replaced badge stops being the live one first
        IssuedBadge.objects.filter(pk=replaces.pk).update(live_guard=None)
    badge = _create_guarded(
        guard=None if template.allow_duplicate_badges else f"{template.pk}:{recipient_email.lower()}",
        organization=org,
        template=template,
        recipient_email=recipient_email,
        first_name=first_name,
        middle_name=middle_name,
        last_name=last_name,
        issuer_earner_id=issuer_earner_id or "",
        locale=locale,
        issued_at=issued_at,
        expires_at=expires_at or None,
        suppress_notifications=suppress_notifications,
        evidence=[{"id": str(uuid.uuid4()), **item} for item in evidence or []],
        replaces=replaces,
        state=BadgeState.ACCEPTED if replaces and replaces.state == BadgeState.ACCEPTED else BadgeState.PENDING,
        user_id=replaces.user_id if replaces else None,
    )
    record_event(org, events.BADGE_CREATED, badge=badge)
    if badge.state == BadgeState.PENDING and not suppress_notifications:
        record_event(org, _notification_type(org, recipient_email), badge=badge)
    return badge


def _create_guarded(*, guard: str | None, **fields) -> IssuedBadge:
    """Create the badge; the unique guard refuses a second live copy even when two issues race."""
    try:
        with transaction.atomic():
            return IssuedBadge.objects.create(live_guard=guard, **fields)
    except IntegrityError:
        raise invalid("User already has this badge") from None


def _issuable_template(org: Organization, template_id) -> Template:
    template = find(org.templates, template_id)
    if template is None:
        raise invalid("Badge template can't be blank or does not exist")
    if template.state != TemplateState.ACTIVE:
        raise invalid(f"Badge template is {template.state}; only active templates can issue badges")
    return template


def _refuse_duplicate(org, template, email: str, earner_id: str | None, exclude=None) -> None:
    if template.allow_duplicate_badges:
        return
    same_person = Q(recipient_email__iexact=email) | (Q(issuer_earner_id=earner_id) if earner_id else Q(pk=None))
    live = org.badges.filter(same_person, template=template, state__in=LIVE_STATES, replacement__isnull=True)
    if exclude is not None:
        live = live.exclude(pk=exclude.pk)
    if live.exists():
        raise invalid("User already has this badge")


def earner_user_id(email: str) -> uuid.UUID:
    """The earner's Credly account id: one per email, stable, so their badges share it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"credly-user:{email.lower()}")


def _notification_type(org: Organization, email: str) -> str:
    has_account = org.badges.filter(recipient_email__iexact=email, user_id__isnull=False).exists()
    return events.PENDING_BADGE_NOTIFICATION_SENT if has_account else events.PENDING_BADGE_NOTIFICATION_NO_USER_SENT


@transaction.atomic
def badge_set_state(badge: IssuedBadge, state: str, *, reason: str | None = None) -> IssuedBadge:
    """What the earner (accept, reject) or the issuer (revoke) does to a badge."""
    if badge.replacement_badge is not None:
        raise invalid(
            "This badge has been replaced; act on its replacement instead.",
            current_badge_id=str(current_badge(badge).id),
        )
    allowed = {
        BadgeState.ACCEPTED: (BadgeState.PENDING,),
        BadgeState.REJECTED: (BadgeState.PENDING,),
        BadgeState.REVOKED: (BadgeState.PENDING, BadgeState.ACCEPTED, BadgeState.REJECTED),
    }[state]
    if badge.state not in allowed:
        raise invalid(f"A {badge.state} badge cannot become {state}.")
    badge.state, badge.state_updated_at = state, timezone.now()
    if state in (BadgeState.REVOKED, BadgeState.REJECTED):
        badge.live_guard = None  # no longer live: the earner may be issued it again
    if state == BadgeState.REVOKED:
        badge.revocation_reason = reason or ""
    if state == BadgeState.ACCEPTED:
        badge.user_id = earner_user_id(badge.recipient_email)
    badge.save()
    record_event(badge.organization, events.BADGE_STATE_CHANGED, badge=badge)
    return badge


@transaction.atomic
def badge_set_public(badge: IssuedBadge, public: bool) -> IssuedBadge:
    """The earner shows or hides the badge on their Credly profile."""
    badge.public = public
    badge.save(update_fields=["public", "updated_at"])
    record_event(badge.organization, events.BADGE_PRIVACY_CHANGED, badge=badge)
    return badge


@transaction.atomic
def badge_replace(badge: IssuedBadge, *, template_id, issued_at: datetime, **changes) -> IssuedBadge:
    """A new badge carrying the corrections; the old one links to it and can't be replaced again."""
    if badge.replacement_badge is not None:
        raise invalid(
            "This badge cannot be replaced because it has already been replaced.",
            current_badge_id=str(current_badge(badge).id),
        )
    if badge.state == BadgeState.REVOKED:
        raise invalid("A revoked badge cannot be replaced.")
    fields = {
        "recipient_email": badge.recipient_email,
        "first_name": badge.first_name,
        "middle_name": badge.middle_name,
        "last_name": badge.last_name,
        "issuer_earner_id": badge.issuer_earner_id,
        "locale": badge.locale,
        "suppress_notifications": True,
        "evidence": None,
    }
    fields.update({k: v for k, v in changes.items() if v is not None or k == "expires_at"})
    if fields.get("evidence") is None:
        fields["evidence"] = [{k: v for k, v in e.items() if k != "id"} for e in badge.evidence]
    new = badge_issue(badge.organization, template_id=template_id, issued_at=issued_at, replaces=badge, **fields)
    badge.save(update_fields=["updated_at"])
    record_event(badge.organization, events.BADGE_STATE_CHANGED, badge=badge)
    return new


def current_badge(badge: IssuedBadge) -> IssuedBadge:
    """The end of the replacement chain: the badge the earner holds now."""
    while badge.replacement_badge is not None:
        badge = badge.replacement_badge
    return badge


@transaction.atomic
def badge_delete(badge: IssuedBadge) -> None:
    org = badge.organization
    record_event(org, events.BADGE_DELETED, badge=badge)
    badge.delete()


# --- badge templates ----------------------------------------------------------------------------
@transaction.atomic
def template_create(
    org: Organization,
    *,
    name: str,
    description: str = "",
    state: str = TemplateState.DRAFT,
    skills=(),
    reporting_tags=(),
    allow_duplicate_badges: bool = False,
    expires_in_days: int | None = None,
    public: bool = True,
) -> Template:
    if not name:
        raise invalid("Name can't be blank")
    if state not in TemplateState.values:
        raise invalid(f"State must be one of {', '.join(TemplateState.values)}")
    template = Template.objects.create(
        organization=org,
        name=name,
        description=description,
        state=state,
        skills=list(skills),
        reporting_tags=list(reporting_tags),
        allow_duplicate_badges=allow_duplicate_badges,
        expires_in_days=expires_in_days,
        public=public,
        state_updated_at=timezone.now(),
    )
    record_event(org, events.BADGE_TEMPLATE_CREATED, template=template)
    return template


@transaction.atomic
def template_update(template: Template, **changes) -> Template:
    if "state" in changes and changes["state"] not in TemplateState.values:
        raise invalid(f"State must be one of {', '.join(TemplateState.values)}")
    if "name" in changes and not changes["name"]:
        raise invalid("Name can't be blank")
    if changes.get("state", template.state) != template.state:
        template.state_updated_at = timezone.now()
    for key, value in changes.items():
        setattr(template, key, value)
    template.save()
    record_event(template.organization, events.BADGE_TEMPLATE_CHANGED, template=template)
    return template


@transaction.atomic
def template_delete(template: Template) -> None:
    if template.badges.exists():
        raise invalid("Badge template has issued badges; archive it instead.")
    record_event(template.organization, events.BADGE_TEMPLATE_DELETED, template=template)
    template.delete()


def find(queryset, object_id):
    """The row of that id, or None (also for an id that is not a UUID, as Credly answers 404)."""
    try:
        return queryset.filter(pk=uuid.UUID(str(object_id))).first()
    except ValueError:
        return None
