"""Demo wiring for Certn: a connection per region pointing at the sandbox's account for that region."""

from django.conf import settings

from demo.connections import ensure_sandbox_connection
from integrations.models import Connection

REGION_NAMES = {"CA": "Certn Canada (sandbox)", "UK": "Certn UK (sandbox)", "AU": "Certn Australia (sandbox)"}


def ensure_region_connection(region: str = "CA", *, slug: str | None = None) -> Connection:
    """The hub's connection to one region of the emulator, with that account's key and secret.

    CA goes through the core helper; other regions need their own account's credentials and base
    URL, which that helper (one credential set per emulator) cannot pass.
    """
    from integrations.certn.sandbox import EMULATOR
    from integrations.services import connection_create

    slug = slug or f"certn-{region.lower()}"
    name = REGION_NAMES.get(region, f"Certn {region} (sandbox)")
    if region == "CA":
        return ensure_sandbox_connection(system="certn", slug=slug, name=name, region=region)
    conn = Connection.objects.filter(slug=slug).first()
    if conn is None:
        conn, _ = connection_create(
            system="certn",
            name=name,
            slug=slug,
            region=region,
            base_url=EMULATOR.base_url(region),
            credentials=EMULATOR.credentials(region),
            settings=EMULATOR.settings(region),
            notification_email=settings.DEFAULT_FROM_EMAIL,
        )
    EMULATOR.register_hub(url=conn.webhook_url, slug=slug)
    return conn


def seed() -> None:
    for region in ("CA", "UK"):
        ensure_region_connection(region)
