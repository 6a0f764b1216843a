"""Demo wiring: a connection per system pointing at its emulator, and the emulator told how to call back."""

from django.conf import settings

from integrations.models import Connection
from integrations.sandbox.base import emulator, hub_registration_hook
from integrations.services import connection_create, connection_issue_webhook_secret


def ensure_sandbox_connection(*, system: str, slug: str, name: str, region: str = "") -> Connection:
    """Create (or refresh) the connection to an emulator, and register the hub's webhook with it."""
    emu = emulator(system)
    conn = Connection.objects.filter(slug=slug).first()
    if conn is None:
        conn, issued = connection_create(
            system=system,
            name=name,
            slug=slug,
            region=region,
            base_url=emu.base_url(),
            credentials=emu.credentials(),
            settings=emu.settings(),
            notification_email=settings.DEFAULT_FROM_EMAIL,
        )
    else:
        Connection.objects.filter(pk=conn.pk).update(
            base_url=emu.base_url(), settings={**conn.settings, **emu.settings()}
        )
        conn.refresh_from_db()
        issued = connection_issue_webhook_secret(connection=conn) if conn.uses_generated_secret else None
    register = hub_registration_hook(emu)
    if register is not None:
        username, secret = issued or ("", "")
        url = conn.webhook_url + (f"?token={secret}" if conn.spec.webhook_auth == "url_token" else "")
        register(url=url, username=username, secret=secret, slug=slug)
    return conn
