"""Certn's Client Portal > Integrations on the sandbox page: each account (one per region) has one
webhook URL, checked by Certn's challenge handshake when it is set, and shows the signing secret
to copy into the hub's connection (none in the variant `unsigned`). There is no API to register a
webhook (contract §4); Certn sends every case event type to the URL.
"""

from integrations.certn import events
from integrations.certn.sandbox.models import Account
from integrations.certn.sandbox.seed import REGIONS, account, webhook_set
from integrations.sandbox.variants import variant_on
from integrations.sandbox.webhook_settings import (
    SELECT,
    SettingField,
    Target,
    WebhookSettings,
    last_delivery,
    target_problem,
)


def save(*, account: str, url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise ValueError("the webhook URL must start with https://")
    acc = _account(account)
    webhook_set(acc, url)
    return (
        f"{acc.name}: webhook URL saved. Certn now checks it (GET ?challenge=...); the table below shows "
        "when it is verified. Copy the signing secret into the hub's connection."
    )


def prefill(connection, *, username: str = "", secret: str = "") -> dict:
    return {"account": (connection.region or "CA").lower(), "url": connection.webhook_url}


def targets() -> list[Target]:
    return [
        Target(
            key=acc.region,
            cells=[
                f"{acc.name} ({acc.region})",
                acc.webhook_url,
                f"verified {acc.webhook_verified_at:%H:%M:%S}"
                if acc.webhook_verified_at
                else acc.webhook_problem or "challenge not answered yet",
                last_delivery("certn", acc.webhook_url),
            ],
            problem=target_problem(acc.webhook_url, system="certn"),
        )
        for acc in Account.objects.exclude(webhook_url="").order_by("region")
    ]


def remove(key: str) -> str:
    acc = _account(key)
    webhook_set(acc, "")
    return f"{acc.name}: webhook removed; Certn sends nothing."


def shows() -> list[str]:
    """What the portal shows beside the form: each account's API key and signing secret."""
    unsigned = variant_on("certn", "unsigned")
    lines = []
    for acc in Account.objects.filter(region__in=REGIONS).order_by("region"):
        secret = "none (this account does not sign)" if unsigned else acc.webhook_secret
        lines.append(f"{acc.name} ({acc.region.upper()}): API key {acc.api_key} · webhook signing secret {secret}")
    return lines


def _account(region: str) -> Account:
    if region.lower() not in REGIONS:
        raise LookupError(f"no Certn account in region {region}")
    return account(region)


def settings() -> WebhookSettings:
    return WebhookSettings(
        title="Client Portal > Integrations: webhook",
        where="Client Portal > Integrations, in the account of the region (each region is its own account, "
        "with its own API key, webhook URL and signing secret)",
        fields=(
            SettingField(
                "account",
                "Account",
                kind=SELECT,
                choices=lambda: [(r, f"{name} ({r.upper()})") for r, name in REGIONS.items()],
                help="The hub connection's region must be this account's (its base URL ends in /ca, /uk, ...).",
            ),
            SettingField(
                "url",
                "Webhook URL",
                help="The hub connection's webhook URL. Certn sends every case event: " + ", ".join(events.EVENT_TYPES),
            ),
        ),
        save=save,
        prefill=prefill,
        target_columns=["Account", "Webhook URL", "Challenge", "Last event"],
        targets=targets,
        remove=remove,
        shows=shows,
    )
