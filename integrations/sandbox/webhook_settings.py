"""The vendor's own webhook settings page, on each sandbox page.

In the real products an admin registers the hub's webhook by hand on a settings page: Docebo's
Webhooks app, iCIMS's Event Notifications, Certn's Client Portal, Credly's organisation settings.
Each emulator offers that page's form (`integrations/<system>/sandbox/webhook_page.py` returns a
`WebhookSettings`), so the demo teaches the real step. The form can be filled from a hub
connection (its webhook URL and username), and the hub's one-time page carries the webhook
password over in a POST body: a secret never travels in a URL, where logs and browser history
would keep it. The targets the vendor holds are listed, each saying whether the hub would take its
deliveries (a target left behind by a deleted connection is stale), and can be removed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

from integrations.crypto import matches_hash
from integrations.models import Connection
from integrations.sandbox.models import SandboxDelivery

TEXT, PASSWORD, CHECKBOX, CHECKBOXES, SELECT = "text", "password", "checkbox", "checkboxes", "select"


@dataclass(frozen=True)
class SettingField:
    """One input of the vendor's form, named as the vendor's page names it."""

    name: str
    label: str
    kind: str = TEXT
    choices: Callable[[], list[tuple[str, str]]] | None = None  # for CHECKBOXES and SELECT
    help: str = ""


@dataclass(frozen=True)
class Target:
    """A webhook target the vendor holds: `key` is what `remove` takes; `problem` says why the hub
    would refuse what is sent there (blank when a connection takes it)."""

    key: str
    cells: list
    problem: str = ""


@dataclass(frozen=True)
class WebhookSettings:
    title: str  # as the vendor names the page or its form
    where: str  # where the page is in the real product
    fields: tuple[SettingField, ...]
    save: Callable[..., str]  # called with every field's value (a list for CHECKBOXES); returns a message
    prefill: Callable[..., dict]  # (connection, *, username, secret) -> {field name: value}
    target_columns: list[str]
    targets: Callable[[], list[Target]]
    remove: Callable[[str], str]
    shows: Callable[[], list[str]] = field(default=lambda: [])  # what else the vendor's page shows


def hub_connections(system: str) -> list[Connection]:
    return list(Connection.objects.filter(system=system).order_by("name"))


def target_problem(url: str, *, system: str, password: str | None = None) -> str:
    """Why the hub would not take a delivery sent to `url` with this Basic password (or URL token):
    '' when an enabled connection of `system` has that address (and, if given, that secret)."""
    hub = settings.HUB_BASE_URL.rstrip("/")
    parts = urlsplit(url)
    if not url.startswith(f"{hub}/hooks/"):
        return "not this hub's address"
    slug = parts.path.removeprefix(urlsplit(hub).path).removeprefix("/hooks/").strip("/")
    conn = Connection.objects.filter(slug=slug).first()
    if conn is None:
        return f"stale: the hub has no connection '{slug}' (deleted or renamed); it answers 404"
    if conn.system != system:
        return f"stale: '{slug}' is the hub's {conn.get_system_display()} connection"
    if not conn.enabled:
        return f"stale: the hub's connection {conn.name} is switched off; it answers 404"
    if password is not None and conn.uses_generated_secret and not matches_hash(password, conn.webhook_secret_hash):
        return f"stale: not the current webhook secret of {conn.name} (rotated since?); the hub answers 401"
    return ""


def last_delivery(system: str, url: str) -> str:
    """The hub's answer to the latest delivery sent to `url`, as the vendor's page would show it."""
    sent = SandboxDelivery.objects.filter(system=system, url=url).first()
    if sent is None:
        return "none yet"
    return f"{sent.created_at:%H:%M:%S} {sent.status_code or 'no answer yet'}"


def hub_event_types(system: str) -> list[str]:
    """The event types the hub's flows listen to for this system: what a form ticks when filled
    from a hub connection."""
    from sync.flows.registry import all_flows

    return sorted({t for flow in all_flows() if flow.source == system for t in flow.event_types})


def form_context(form: WebhookSettings, values: dict) -> list[dict]:
    """The fields with their current values and choices, for the template."""
    out = []
    for f in form.fields:
        value = values.get(f.name, [] if f.kind == CHECKBOXES else "")
        out.append(
            {
                "name": f.name,
                "label": f.label,
                "kind": f.kind,
                "help": f.help,
                "value": value,
                "choices": f.choices() if f.choices else [],
            }
        )
    return out


def posted_values(form: WebhookSettings, post) -> dict:
    """What the form posted, each field as `save` takes it."""
    values = {}
    for f in form.fields:
        if f.kind == CHECKBOXES:
            values[f.name] = post.getlist(f.name)
        elif f.kind == CHECKBOX:
            values[f.name] = post.get(f.name) == "on"
        else:
            values[f.name] = post.get(f.name, "").strip()
    return values
