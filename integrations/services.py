"""The only writers of connections and their secrets."""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from integrations.crypto import keyed_hash, new_secret
from integrations.hosts import base_url_problem
from integrations.models import Connection, ConnectionCheck
from integrations.probes import run_probes
from sync.queue import enqueue_on_commit

CHECK_CONNECTION = "integrations.tasks.check_connection"


# The strictest vendor rule for the name a system calls us with: Credentially's `webhookName`
# (3-50 characters of letters, digits, _ and -), which is also the Basic auth username it sends.
WEBHOOK_USERNAME = re.compile(r"^[A-Za-z0-9_-]{3,50}$")


def webhook_username_for(slug: str) -> str:
    """`crosswalk-<slug>`, or for a long slug its first characters and a short hash, within 50."""
    name = f"crosswalk-{slug}"
    if WEBHOOK_USERNAME.match(name):
        return name
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", slug)
    return f"crosswalk-{safe[:31]}-{hashlib.sha256(slug.encode()).hexdigest()[:8]}"


def connection_issue_webhook_secret(*, connection: Connection) -> tuple[str, str]:
    """Generate (or replace) the webhook username and secret; returns them in plain text, once.

    Only a keyed hash is stored, so the caller must show the secret now: it cannot be read again.
    """
    secret = new_secret()
    username = connection.webhook_username
    if not WEBHOOK_USERNAME.match(username):  # none yet, or one a vendor would refuse (made before the rule)
        username = webhook_username_for(connection.slug)
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
    if problem := base_url_problem(base_url):
        raise ValidationError({"base_url": problem})
    connection.save()
    issued = connection_issue_webhook_secret(connection=connection) if connection.uses_generated_secret else None
    return connection, issued


def connection_check_request(*, connection: Connection, requested_by: str = "") -> ConnectionCheck:
    """Queue a check of the connection for a worker (probes call the vendor: never in a request)."""
    check = ConnectionCheck.objects.create(connection=connection, requested_by=requested_by[:150])
    enqueue_on_commit(CHECK_CONNECTION, check.pk)
    return check


def connection_check_run(*, check_id: int) -> ConnectionCheck:
    """Run the probes and keep the checklist; a check that fails after one that passed is e-mailed once."""
    check = ConnectionCheck.objects.select_related("connection").get(pk=check_id)
    ConnectionCheck.objects.filter(pk=check.pk).update(status=ConnectionCheck.Status.RUNNING)
    lines = [line.as_dict() for line in run_probes(check.connection)]
    failed = any(line["status"] == "failed" for line in lines)
    check.lines, check.finished_at = lines, timezone.now()
    check.status = ConnectionCheck.Status.FAILED if failed else ConnectionCheck.Status.PASSED
    check.save(update_fields=["lines", "finished_at", "status"])
    previous = (
        ConnectionCheck.objects.filter(connection=check.connection, finished_at__isnull=False)
        .exclude(pk=check.pk)
        .first()
    )
    if failed and previous is not None and previous.status == ConnectionCheck.Status.PASSED:
        _tell_check_failed(check)
    return check


def _tell_check_failed(check: ConnectionCheck) -> None:
    conn = check.connection
    lines = "\n".join(f"- {line['name']}: {line['detail']}\n  What to do: {line['fix']}" for line in check.failed_lines)
    body = (
        f"The check of the connection {conn.name} passed before and fails now:\n\n{lines}\n\n"
        f"The whole checklist: {settings.HUB_BASE_URL}{check_url(check)}"
    )
    send_mail(f"Crosswalk: the {conn.name} connection needs attention", body, None, [conn.alert_address])


def check_url(check: ConnectionCheck) -> str:
    return reverse("admin:integrations_connection_check", args=[check.connection_id])
