"""Credly's organisation webhook settings on the sandbox page: the organisation's `webhook_url`
(the hub's URL with its secret token: Credly signs nothing) and, as newer tenants ask under
Developers > Webhooks, the events to deliver (contract §5.1). One URL per organisation; saving
replaces it, removing clears it (as `PUT /organizations/{org}` with `webhook_url` does).
"""

from urllib.parse import parse_qs, urlsplit

from integrations.credly import events
from integrations.credly.sandbox.models import Organization
from integrations.sandbox.webhook_settings import (
    CHECKBOXES,
    SettingField,
    Target,
    WebhookSettings,
    hub_event_types,
    last_delivery,
    target_problem,
)


def _org() -> Organization:
    org = Organization.objects.order_by("created_at").first()
    if org is None:
        raise LookupError("the Credly sandbox has no organisation yet: seed the sandbox")
    return org


def save(*, webhook_url: str, events: list[str]) -> str:
    if not webhook_url.startswith(("https://", "http://")):
        raise ValueError("the webhook URL must start with https://")
    unknown = [e for e in events if e not in EVENT_CHOICES]
    if unknown:
        raise ValueError(f"Credly has no event {', '.join(unknown)}")
    org = _org()
    Organization.objects.filter(pk=org.pk).update(
        webhook_url=webhook_url, webhook_events=[e for e in EVENT_CHOICES if e in events]
    )
    which = f"{len(events)} ticked event(s)" if events else "every event"
    return f"{org.name}: webhook URL saved; Credly delivers {which} to {masked(webhook_url)}."


def prefill(connection, *, username: str = "", secret: str = "") -> dict:
    return {
        "webhook_url": f"{connection.webhook_url}?token={secret}",
        "events": [e for e in hub_event_types("credly") if e in EVENT_CHOICES],
    }


def masked(url: str) -> str:
    """The URL with its token hidden: the page lists it, and the token is the hub's secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?token=•••" if "token=" in parts.query else "")


def targets() -> list[Target]:
    org = Organization.objects.order_by("created_at").first()
    if org is None or not org.webhook_url:
        return []
    token = (parse_qs(urlsplit(org.webhook_url).query).get("token") or [""])[0]
    return [
        Target(
            key=str(org.pk),
            cells=[
                org.name,
                masked(org.webhook_url),
                ", ".join(org.webhook_events) or "every event",
                last_delivery("credly", org.webhook_url),
            ],
            problem=target_problem(org.webhook_url, system="credly", password=token),
        )
    ]


def remove(key: str) -> str:
    Organization.objects.filter(pk=_org().pk).update(webhook_url="", webhook_events=[])
    return "Webhook URL cleared: Credly sends nothing."


EVENT_CHOICES = events.EVENT_TYPES


def settings() -> WebhookSettings:
    return WebhookSettings(
        title="Organization settings: webhook",
        where="the organisation's webhook URL (Organization > Developers > Webhooks in newer tenants; older "
        "ones ask Credly to set it, or PUT /v1/organizations/{org} with webhook_url)",
        fields=(
            SettingField(
                "webhook_url",
                "Webhook URL",
                help="The hub connection's webhook URL followed by ?token= and its webhook secret (Credly signs "
                "nothing: the token is how the hub knows the call is Credly's).",
            ),
            SettingField(
                "events",
                "Events to deliver",
                kind=CHECKBOXES,
                choices=lambda: [(e, e) for e in EVENT_CHOICES],
                help="Newer tenants deliver only the ticked events; none ticked: every event, as older tenants do.",
            ),
        ),
        save=save,
        prefill=prefill,
        target_columns=["Organisation", "Webhook URL", "Events", "Last call"],
        targets=targets,
        remove=remove,
    )
