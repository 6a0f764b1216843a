"""iCIMS's Event Notifications page on the sandbox page: the endpoint an iCIMS consultant sets up
for a partner (URL, Basic username and password, or an HMAC key, and the statuses whose workflow
status updates are sent), the endpoints the tenant holds, and removing one (contract §3.1).
"""

from django.utils.text import slugify

from integrations.icims.sandbox import seed
from integrations.icims.sandbox.models import NotificationTarget
from integrations.sandbox.variants import variant_on
from integrations.sandbox.webhook_settings import (
    CHECKBOX,
    CHECKBOXES,
    PASSWORD,
    SettingField,
    Target,
    WebhookSettings,
    last_delivery,
    target_problem,
)


def target_save(
    *, name: str, url: str, username: str, password: str, hmac_key: str, statuses: list[str], enabled: bool = True
) -> NotificationTarget:
    """Add the endpoint, or edit the one of that name (a blank password or key keeps the one it has)."""
    customer = seed.seed_tenant()
    slug = slugify(name)
    if not slug:
        raise ValueError("give the notification a name")
    if not url.startswith(("https://", "http://")):
        raise ValueError("the URL must start with https:// (iCIMS refuses self-signed certificates)")
    known = set(customer.statuses.values_list("node_id", flat=True))
    unknown = [s for s in statuses if s not in known]
    if unknown:
        raise ValueError(f"the tenant has no status {', '.join(unknown)}")
    existing = NotificationTarget.objects.filter(customer=customer, slug=slug).first()
    if not (password or (existing and existing.password)) and not (hmac_key or variant_on("icims", "hmac")):
        raise ValueError("Basic authentication needs the password (or sign with an HMAC key)")
    target, _ = NotificationTarget.objects.update_or_create(
        customer=customer,
        slug=slug,
        defaults={
            "url": url,
            "username": username,
            "password": password or (existing.password if existing else ""),
            "hmac_key": hmac_key or (existing.hmac_key if existing else seed.NOTIFICATION_HMAC_KEY),
            "trigger_statuses": [s for s in seed.STATUSES if s in statuses],
            "enabled": enabled,
        },
    )
    return target


def save(**values) -> str:
    target = target_save(**values)
    names = ", ".join(seed.STATUSES.get(s, s) for s in target.trigger_statuses) or "no status"
    return f"Event notification '{target.slug}' saved: {names} post to {target.url}."


def prefill(connection, *, username: str = "", secret: str = "") -> dict:
    return {
        "name": connection.slug,
        "url": connection.webhook_url,
        "username": username or connection.webhook_username,
        "password": secret,
        "hmac_key": "",
        "statuses": hub_statuses(connection),
        "enabled": True,
    }


def hub_statuses(connection) -> list[str]:
    """The statuses the hub's lookup tables act on for this connection (stage triggers, screening
    stages): what to ask the consultant to tick."""
    from mappings.compliance.models import StageTrigger
    from mappings.screening.models import StageOrder

    wanted = set(
        StageTrigger.objects.filter(ats_connection=connection, is_active=True).values_list("status", flat=True)
    )
    orders = StageOrder.objects.filter(settings__icims_connection=connection, enabled=True)
    wanted |= set(orders.values_list("status_id", flat=True))
    return [s for s in seed.STATUSES if s in wanted]


def targets() -> list[Target]:
    return [
        Target(
            key=target.slug,
            cells=[
                target.slug,
                target.url,
                target.username,
                "set" if target.password else "not set",
                ", ".join(seed.STATUSES.get(s, s) for s in target.trigger_statuses) or "(none)",
                "on" if target.enabled else "off",
                last_delivery("icims", target.url),
            ],
            problem=target_problem(
                target.url, system="icims", password=None if variant_on("icims", "hmac") else target.password
            ),
        )
        for target in NotificationTarget.objects.filter(customer__customer_id=seed.CUSTOMER_ID).order_by("slug")
    ]


def remove(key: str) -> str:
    deleted, _ = NotificationTarget.objects.filter(customer__customer_id=seed.CUSTOMER_ID, slug=key).delete()
    if not deleted:
        raise LookupError("no such event notification")
    return f"Event notification '{key}' deleted."


def settings() -> WebhookSettings:
    return WebhookSettings(
        title="Event Notifications: workflow status update endpoint",
        where="the Event Notifications page your iCIMS consultant configures (Workflow status update, "
        "WorkFlowStatusChangeEvent)",
        fields=(
            SettingField("name", "Name", help="Saving under a name the tenant has edits that endpoint."),
            SettingField("url", "URL", help="The hub connection's webhook URL."),
            SettingField("username", "Basic authentication: username"),
            SettingField(
                "password",
                "Basic authentication: password",
                kind=PASSWORD,
                help="Blank keeps the password of the endpoint of this name.",
            ),
            SettingField(
                "hmac_key",
                "HMAC key (only when the tenant signs with HMAC)",
                kind=PASSWORD,
                help="Signs each notification when the variant 'hmac' is on; enter the same key on the hub "
                "connection as 'Event notification HMAC key'. Blank: the tenant's key.",
            ),
            SettingField(
                "statuses",
                "Statuses that send a workflow status update",
                kind=CHECKBOXES,
                choices=lambda: [(node, f"{name} ({node})") for node, name in seed.STATUSES.items()],
                help="Filled from a hub connection: the statuses its stage triggers and screening stages name.",
            ),
            SettingField("enabled", "Enabled", kind=CHECKBOX),
        ),
        save=save,
        prefill=prefill,
        target_columns=["Name", "URL", "Username", "Password", "Statuses", "Enabled", "Last notification"],
        targets=targets,
        remove=remove,
    )
