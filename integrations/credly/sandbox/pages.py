"""The Credly sandbox page: what a person does in Credly (issue, accept, revoke...) and its state.

Actions call the same writers as the API, so each one fires the webhook Credly would send.
"""

import functools
from datetime import UTC, datetime

from integrations.credly.sandbox import state
from integrations.credly.sandbox.models import BadgeState, Event, IssuedBadge, Organization, TemplateState
from integrations.sandbox.base import Action, ActionField, Section

MAX_ROWS = 30


def _org() -> Organization:
    org = Organization.objects.order_by("created_at").first()
    if org is None:
        raise LookupError("the Credly sandbox has no organisation yet: run `manage.py seed_demo`")
    return org


def _page_action(run):
    """Credly's validation errors become the page's error message."""

    @functools.wraps(run)
    def inner(**values):
        try:
            return run(**values)
        except state.CredlyApiError as exc:
            raise ValueError(exc.message) from None

    return inner


def _template_choices(*states):
    def choices():
        templates = _org().templates.all()
        if states:
            templates = templates.filter(state__in=states)
        return [(str(t.id), f"{t.name} ({t.state})") for t in templates]

    return choices


def _badge_choices(*states):
    def choices():
        badges = IssuedBadge.objects.select_related("template").filter(replacement__isnull=True)
        if states:
            badges = badges.filter(state__in=states)
        return [(str(b.id), f"{b.template.name}: {b.recipient_email} ({b.state})") for b in badges[:100]]

    return choices


def _badge(badge_id: str) -> IssuedBadge:
    found = state.find(_org().badges.select_related("template", "organization"), badge_id)
    if found is None:
        raise LookupError("no such badge")
    return found


def _template(template_id: str):
    found = state.find(_org().templates.select_related("organization"), template_id)
    if found is None:
        raise LookupError("no such badge template")
    return found


@_page_action
def issue(*, template: str, email: str, first_name: str, last_name: str, earner_id: str = "") -> str:
    if not (email and first_name and last_name):
        raise ValueError("email, first name and last name are needed")
    badge = state.badge_issue(
        _org(),
        template_id=template,
        recipient_email=email,
        first_name=first_name,
        last_name=last_name,
        issued_at=datetime.now(UTC),
        issuer_earner_id=earner_id or None,
    )
    return f"Issued {badge.template.name} to {email} (badge {badge.id})."


@_page_action
def accept(*, badge: str) -> str:
    return f"{state.badge_set_state(_badge(badge), BadgeState.ACCEPTED).recipient_email} accepted the badge."


@_page_action
def reject(*, badge: str) -> str:
    return f"{state.badge_set_state(_badge(badge), BadgeState.REJECTED).recipient_email} rejected the badge."


@_page_action
def privacy(*, badge: str, visibility: str) -> str:
    found = state.badge_set_public(_badge(badge), visibility == "public")
    return f"{found.recipient_email} made the badge {visibility}."


@_page_action
def revoke(*, badge: str, reason: str) -> str:
    if not reason:
        raise ValueError("Credly asks for a reason when revoking")
    state.badge_set_state(_badge(badge), BadgeState.REVOKED, reason=reason)
    return "Badge revoked."


@_page_action
def replace(*, badge: str, template: str) -> str:
    new = state.badge_replace(_badge(badge), template_id=template, issued_at=datetime.now(UTC))
    return f"Replaced with {new.template.name} (badge {new.id})."


@_page_action
def delete_badge(*, badge: str) -> str:
    state.badge_delete(_badge(badge))
    return "Badge deleted."


@_page_action
def create_template(*, name: str, description: str = "") -> str:
    template = state.template_create(
        _org(), name=name, description=description, state=TemplateState.ACTIVE, skills=["Skill"]
    )
    return f"Created and published {template.name} ({template.id})."


@_page_action
def archive_template(*, template: str) -> str:
    return f"Archived {state.template_update(_template(template), state=TemplateState.ARCHIVED).name}."


@_page_action
def rename_template(*, template: str, name: str) -> str:
    return f"Renamed to {state.template_update(_template(template), name=name).name}."


@_page_action
def delete_template(*, template: str) -> str:
    found = _template(template)
    state.template_delete(found)
    return f"Deleted {found.name}."


def _visibility_choices() -> list[tuple[str, str]]:
    return [("private", "Private"), ("public", "Public")]


def actions() -> list[Action]:
    live = _badge_choices(BadgeState.PENDING, BadgeState.ACCEPTED)
    return [
        Action(
            "issue",
            "Issue a badge",
            issue,
            (
                ActionField("template", "Template", _template_choices(TemplateState.ACTIVE)),
                ActionField("email", "Earner email"),
                ActionField("first_name", "First name"),
                ActionField("last_name", "Last name"),
                ActionField("earner_id", "Issuer earner id (optional)"),
            ),
        ),
        Action("accept", "Earner accepts a badge", accept, (ActionField("badge", "Badge", _badge_choices("pending")),)),
        Action("reject", "Earner rejects a badge", reject, (ActionField("badge", "Badge", _badge_choices("pending")),)),
        Action(
            "privacy",
            "Earner shows or hides a badge",
            privacy,
            (ActionField("badge", "Badge", live), ActionField("visibility", "Visibility", _visibility_choices)),
        ),
        Action(
            "revoke", "Revoke a badge", revoke, (ActionField("badge", "Badge", live), ActionField("reason", "Reason"))
        ),
        Action(
            "replace",
            "Replace a badge with another template",
            replace,
            (
                ActionField("badge", "Badge", live),
                ActionField("template", "New template", _template_choices(TemplateState.ACTIVE)),
            ),
        ),
        Action("delete_badge", "Delete a badge", delete_badge, (ActionField("badge", "Badge", _badge_choices()),)),
        Action(
            "create_template",
            "Create a badge template",
            create_template,
            (ActionField("name", "Name"), ActionField("description", "Description")),
        ),
        Action(
            "rename_template",
            "Edit a template's name",
            rename_template,
            (ActionField("template", "Template", _template_choices()), ActionField("name", "New name")),
        ),
        Action(
            "archive_template",
            "Archive a template",
            archive_template,
            (ActionField("template", "Template", _template_choices(TemplateState.ACTIVE, TemplateState.DRAFT)),),
        ),
        Action(
            "delete_template",
            "Delete a template",
            delete_template,
            (ActionField("template", "Template", _template_choices()),),
            help="Credly refuses while the template has badges: archive it instead.",
        ),
    ]


def sections() -> list[Section]:
    org = Organization.objects.order_by("created_at").first()
    if org is None:
        return []
    templates = [[t.name, str(t.id), t.state, t.badges.count()] for t in org.templates.all()]
    badges = [
        [
            str(b.id),
            b.template.name,
            b.recipient_email,
            f"{b.first_name} {b.last_name}",
            b.state,
            b.issued_at.date(),
            b.issuer_earner_id,
            str(b.replacement.id) if _replaced(b) else "",
        ]
        for b in org.badges.select_related("template", "replacement")[:MAX_ROWS]
    ]
    events = [
        [e.occurred_at.strftime("%H:%M:%S"), e.event_type, str(e.id), _resource_id(e)]
        for e in Event.objects.filter(organization=org)[:MAX_ROWS]
    ]
    return [
        Section(f"{org.name}: badge templates", ["Name", "Id", "State", "Badges"], templates),
        Section(
            "Issued badges", ["Id", "Template", "Email", "Name", "State", "Issued", "Earner id", "Replaced by"], badges
        ),
        Section("Events (what the webhook announced)", ["When", "Type", "Event id", "Resource id"], events),
    ]


def _replaced(badge: IssuedBadge) -> bool:
    return badge.replacement_badge is not None


def _resource_id(event: Event) -> str:
    resource = event.resource.get("badge") or event.resource.get("badge_template") or {}
    return resource.get("id", "")
