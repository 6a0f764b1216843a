"""The only writers of connections and their secrets."""

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from integrations.client.errors import ClientError, TransientError, Unauthorized
from integrations.crypto import keyed_hash, new_secret
from integrations.hosts import base_url_problem
from integrations.models import Connection, ConnectionCheck, WebhookRegistration
from integrations.probes import run_probes
from sync.queue import enqueue, enqueue_on_commit

logger = logging.getLogger("crosswalk.integrations")

CHECK_CONNECTION = "integrations.tasks.check_connection"
REGISTER_WEBHOOK = "integrations.tasks.register_webhook"


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


def connection_check_request(*, connection: Connection, requested_by: str = "", queue: bool = True) -> ConnectionCheck:
    """Queue a check of the connection for a worker (probes call the vendor: never in a request).
    `queue=False` leaves it waiting for whoever runs first (a webhook subscription) to queue it."""
    check = ConnectionCheck.objects.create(connection=connection, requested_by=requested_by[:150])
    if queue:
        enqueue_on_commit(CHECK_CONNECTION, check.pk)
    return check


def connection_webhook_register_request(
    *, connection: Connection, username: str, secret: str, requested_by: str = "", then_check=None
) -> WebhookRegistration | None:
    """Queue the hub's subscription to the system's webhooks, for systems with a subscription API
    (the spec's `register_webhook`); None for the others. The password waits encrypted on the row,
    never on the queue, and `then_check` is queued once the system has answered."""
    if not connection.spec.register_webhook:
        return None
    registration = WebhookRegistration.objects.create(
        connection=connection,
        username=username,
        secret={"password": secret},
        requested_by=requested_by[:150],
        then_check=then_check,
    )
    enqueue_on_commit(REGISTER_WEBHOOK, registration.pk)
    return registration


def connection_webhook_register_run(*, registration_id: int) -> WebhookRegistration:
    """Subscribe with the stored password, keep the outcome in words, erase the password (whatever
    the outcome: to try again, rotate), then queue the check that waited. Safe to run twice."""
    registration = WebhookRegistration.objects.select_related("connection").get(pk=registration_id)
    claimed = WebhookRegistration.objects.filter(pk=registration.pk, status=WebhookRegistration.Status.QUEUED)
    if not claimed.update(status=WebhookRegistration.Status.RUNNING):
        return registration  # already run (or running) by another worker
    conn = registration.connection
    status, message, detail = WebhookRegistration.Status.FAILED, "", ""
    try:
        register = import_string(conn.spec.register_webhook)
        message = register(conn, username=registration.username, secret=registration.secret.get("password", ""))
        status = WebhookRegistration.Status.DONE
    except Exception as exc:  # the outcome is shown on the connection, in words, whatever it was
        if not isinstance(exc, ClientError | ValueError):
            logger.exception("webhook_registration_crashed connection=%s", conn.slug)
        message, detail = _registration_failure(conn, exc), f"{type(exc).__name__}: {exc}"
    finally:
        WebhookRegistration.objects.filter(pk=registration.pk).update(
            status=status, message=message, detail=detail, secret={}, finished_at=timezone.now()
        )
        if registration.then_check_id:
            enqueue(CHECK_CONNECTION, registration.then_check_id)
    registration.refresh_from_db()
    return registration


def _registration_failure(conn: Connection, exc: Exception) -> str:
    name = conn.get_system_display()
    again = (
        "then run the action 'Rotate webhook credentials' on this connection: it issues a new password and "
        "subscribes again."
    )
    if isinstance(exc, Unauthorized):
        return f"{name} refused the connection's credentials. Enter the current ones and save, {again}"
    if isinstance(exc, TransientError):
        return f"{name} could not be reached or did not answer properly. Wait a few minutes, {again}"
    if isinstance(exc, ClientError):
        return f"{name} answered with an error. Check the base URL and the region, {again}"
    if isinstance(exc, ValueError):
        return f"{str(exc).rstrip('.')}. When that is fixed, {again.removeprefix('then ')}"
    fault = "The subscription failed inside Crosswalk (a fault to report to your Crosswalk admin)."
    return f"{fault} Then {again.removeprefix('then ')}"


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


@dataclass(frozen=True)
class Saved:
    """What followed saving a connection: its check, and for a new one its webhook credentials
    (to show once) and the subscription queued with them."""

    check: ConnectionCheck | None = None
    issued: tuple[str, str] | None = None
    registration: WebhookRegistration | None = None


def connection_after_save(*, connection: Connection, created: bool, requested_by: str = "") -> Saved:
    """Test a saved connection at once (so a wrong password shows now, not when a flow fails); a new
    one that receives webhooks with generated credentials gets them, and a system with a
    subscription API is subscribed by a worker first (the check checks the subscription too)."""
    issued = (
        connection_issue_webhook_secret(connection=connection) if created and connection.uses_generated_secret else None
    )
    if issued is None:
        return Saved(check=connection_check_request(connection=connection, requested_by=requested_by))
    issued = connection_issue_webhook_secret(connection=connection)
    return Saved(issued=issued, **_subscribe(connection, issued, requested_by))


def connection_rotate_webhook_secret(*, connection: Connection, requested_by: str = "") -> Saved:
    """New webhook credentials (the old stop working), subscribed again where the system has an API."""
    issued = connection_issue_webhook_secret(connection=connection)
    if not connection.spec.register_webhook:
        return Saved(check=None, issued=issued)
    return Saved(issued=issued, **_subscribe(connection, issued, requested_by))


def _subscribe(connection: Connection, issued: tuple[str, str], requested_by: str) -> dict:
    subscribes = bool(connection.spec.register_webhook)
    check = connection_check_request(connection=connection, requested_by=requested_by, queue=not subscribes)
    username, secret = issued
    registration = connection_webhook_register_request(
        connection=connection, username=username, secret=secret, requested_by=requested_by, then_check=check
    )
    return {"check": check, "registration": registration}
