"""The only writers of connections and their secrets."""

from django.db import transaction
from django.utils import timezone

from integrations.crypto import keyed_hash, new_secret
from integrations.models import Connection


def connection_issue_webhook_secret(*, connection: Connection) -> tuple[str, str]:
    """Generate (or replace) the webhook username and secret; returns them in plain text, once.

    Only a keyed hash is stored, so the caller must show the secret now: it cannot be read again.
    """
    secret = new_secret()
    username = connection.webhook_username or f"crosswalk-{connection.slug}"[:64]
    Connection.objects.filter(pk=connection.pk).update(
        webhook_username=username, webhook_secret_hash=keyed_hash(secret), webhook_secret_set_at=timezone.now()
    )
    connection.webhook_username, connection.webhook_secret_hash = username, keyed_hash(secret)
    return username, secret


def connection_set_credentials(*, connection: Connection, values: dict[str, str | None]) -> list[str]:
    """Merge the given secrets (blank means keep, None means remove) into the connection; returns the names changed."""
    changed = [k for k, v in values.items() if v or (v is None and k in connection.credentials)]
    if changed:
        merged = {**connection.credentials, **{k: values[k] for k in changed}}
        connection.credentials = {k: v for k, v in merged.items() if v is not None}
        Connection.objects.filter(pk=connection.pk).update(credentials=connection.credentials)
    return changed


@transaction.atomic
def connection_create(
    *,
    system: str,
    name: str,
    slug: str,
    region: str = "",
    base_url: str = "",
    credentials: dict | None = None,
    settings: dict | None = None,
    notification_email: str = "",
) -> tuple[Connection, tuple[str, str] | None]:
    """Create a connection; returns it with its webhook (username, secret) when it receives webhooks."""
    connection = Connection(
        system=system,
        name=name,
        slug=slug,
        region=region,
        base_url=base_url,
        credentials=credentials or {},
        settings=settings or {},
        notification_email=notification_email,
    )
    connection.full_clean()
    connection.save()
    issued = connection_issue_webhook_secret(connection=connection) if connection.uses_generated_secret else None
    return connection, issued
