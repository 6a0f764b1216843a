"""Docebo's Webhooks app (Admin Menu > Webhooks) on the sandbox page: add or edit a webhook (name,
payload URL, HTTP Basic credentials, events, grouping), see the webhooks the platform holds, and
remove one. Docebo keeps several webhooks, each with at most 8 events (contract §4.1, §4.3).
"""

from integrations.docebo import events
from integrations.docebo.sandbox.models import Webhook
from integrations.sandbox.webhook_settings import (
    CHECKBOX,
    CHECKBOXES,
    PASSWORD,
    SettingField,
    Target,
    WebhookSettings,
    hub_event_types,
    last_delivery,
    target_problem,
)

MAX_EVENTS = 8
EVENT_PICKER = {  # event name -> the label Docebo's event picker shows (contract §4.3)
    events.COURSE_COMPLETED: "Learner completed course",
    events.COURSE_ENROLLMENT_UPDATED: "Enrollment has been updated",
    "course.enrollment.created": "New enrollment",
    events.LEARNING_PLAN_COMPLETED: "Learning plan enrollment completed",
    events.CERTIFICATION_ASSIGNED: "Certification awarded",
    events.CERTIFICATION_UPDATED: "Certification updated",
    events.CERTIFICATION_UNASSIGNED: "Certification revoked",
    events.CERTIFICATION_EXPIRED: "Certification expired",
    "user.created": "User created",
}


def webhook_upsert(
    *,
    name: str,
    payload_url: str,
    username: str,
    password: str,
    events: list[str],
    group_payloads: bool = False,
    active: bool = True,
) -> Webhook:
    """Add the webhook, or edit the one of that name (a blank password keeps the one it has)."""
    if not name:
        raise ValueError("give the webhook a name")
    if not payload_url.startswith(("https://", "http://")):
        raise ValueError("the payload URL must start with https:// (or http:// for a local hub)")
    unknown = [e for e in events if e not in EVENT_PICKER]
    if unknown:
        raise ValueError(f"Docebo has no event {', '.join(unknown)}")
    if not 1 <= len(events) <= MAX_EVENTS:
        raise ValueError(f"tick between 1 and {MAX_EVENTS} events (add a second webhook for more)")
    existing = Webhook.objects.filter(name=name).first()
    if username and not password and not (existing and existing.password):
        raise ValueError("HTTP Basic needs the password too")
    hook, _ = Webhook.objects.update_or_create(
        name=name,
        defaults={
            "payload_url": payload_url,
            "username": username,
            "password": password or (existing.password if existing and username else ""),
            "events": [e for e in EVENT_PICKER if e in events],
            "group_payloads": group_payloads,
            "active": active,
        },
    )
    return hook


def save(**values) -> str:
    hook = webhook_upsert(**values)
    state = "active" if hook.active else "inactive"
    return f"Webhook '{hook.name}' saved ({state}): {len(hook.events)} event(s) go to {hook.payload_url}."


def prefill(connection, *, username: str = "", secret: str = "") -> dict:
    return {
        "name": f"Crosswalk {connection.slug}",
        "payload_url": connection.webhook_url,
        "username": username or connection.webhook_username,
        "password": secret,
        "events": [e for e in hub_event_types("docebo") if e in EVENT_PICKER],
        "group_payloads": False,
        "active": True,
    }


def targets() -> list[Target]:
    return [
        Target(
            key=str(hook.pk),
            cells=[
                hook.name,
                hook.payload_url,
                hook.username or "(none)",
                ", ".join(EVENT_PICKER.get(e, e) for e in hook.events),
                "on" if hook.group_payloads else "off",
                "active" if hook.active else "inactive",
                last_delivery("docebo", hook.payload_url),
            ],
            problem=target_problem(hook.payload_url, system="docebo", password=hook.password),
        )
        for hook in Webhook.objects.all()
    ]


def remove(key: str) -> str:
    deleted, _ = Webhook.objects.filter(pk=int(key) if key.isdigit() else 0).delete()
    if not deleted:
        raise LookupError("no such webhook")
    return "Webhook deleted."


def settings() -> WebhookSettings:
    return WebhookSettings(
        title="Webhooks: add a webhook",
        where="Admin Menu > Webhooks (the Webhooks app, Superadmins only) > Add webhook",
        fields=(
            SettingField("name", "Name", help="Saving under a name the platform has edits that webhook."),
            SettingField("payload_url", "Payload URL", help="The hub connection's webhook URL."),
            SettingField("username", "Authentication: username (HTTP Basic)"),
            SettingField(
                "password",
                "Authentication: password",
                kind=PASSWORD,
                help="Blank keeps the password of the webhook of this name.",
            ),
            SettingField(
                "events",
                "Events",
                kind=CHECKBOXES,
                choices=lambda: [(e, f"{label} ({e})") for e, label in EVENT_PICKER.items()],
                help=f"At most {MAX_EVENTS} per webhook.",
            ),
            SettingField("group_payloads", "Allow the platform to group payloads", kind=CHECKBOX),
            SettingField("active", "Active", kind=CHECKBOX),
        ),
        save=save,
        prefill=prefill,
        target_columns=["Name", "Payload URL", "Username", "Events", "Grouped", "Status", "Last call"],
        targets=targets,
        remove=remove,
    )
