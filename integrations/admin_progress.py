"""What a worker is doing for a connection, on its admin pages: the test that follows every save
(the connection check) and the hub's own webhook subscription (Credentially). Both are shown in
plain words, pending -> passed / subscribed or failed with what to do, and refresh themselves
(`progress/` answers the current text; the page polls it while something is pending)."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from integrations.models import Connection, ConnectionCheck, WebhookRegistration

PENDING_CHECK = (ConnectionCheck.Status.QUEUED, ConnectionCheck.Status.RUNNING)
STUCK_AFTER = timedelta(minutes=10)


def _at(when) -> str:
    return date_format(timezone.localtime(when), "H:i:s") if when else ""


def check_html(conn: Connection) -> str:
    """The last test of the connection: what it found, the first failed line's fix, the checklist."""
    check = conn.checks.first()
    if check is None:
        return "Not tested yet: save the connection, or run the action 'Check this connection'."
    link = format_html(
        " <a href='{}'>Open the checklist</a> (every line, with the technical detail).",
        reverse("admin:integrations_connection_check", args=[conn.pk]),
    )
    if check.status in PENDING_CHECK:
        waiting = _waiting(check.requested_at)
        text = format_html(
            "⏳ Testing since {}: a worker is calling {} with this connection's credentials. This updates by itself.{}",
            _at(check.requested_at),
            conn.get_system_display(),
            waiting,
        )
        return _span("pending", text)
    failed = check.failed_lines
    if not failed:
        text = format_html(
            "✔ Passed at {}: {} accepted the credentials and answered everything the flows rely on.",
            _at(check.finished_at),
            conn.get_system_display(),
        )
        return _span("passed", text + link)
    first = failed[0]
    more = f" {len(failed) - 1} more line(s) failed." if len(failed) > 1 else ""
    text = format_html(
        "✘ Failed at {}: <strong>{}</strong>: {} <strong>What to do:</strong> {}{}",
        _at(check.finished_at),
        first.get("name", ""),
        first.get("detail", ""),
        first.get("fix", ""),
        more,
    )
    return _span("failed", text + link)


def registration_html(conn: Connection) -> str:
    """The hub's subscription to the system's webhooks: queued, subscribing, subscribed or failed."""
    reg = conn.registrations.first()
    if reg is None:
        return "Not subscribed by Crosswalk yet: saving a new connection, or rotating its webhook credentials, does it."
    if reg.status == WebhookRegistration.Status.QUEUED:
        return _span(
            "pending",
            format_html(
                "⏳ Queued at {}: a worker subscribes the hub to {}'s webhooks with the new password.{}",
                _at(reg.requested_at),
                conn.get_system_display(),
                _waiting(reg.requested_at),
            ),
        )
    if reg.status == WebhookRegistration.Status.RUNNING:
        return _span("pending", format_html("⏳ Subscribing now (asked at {}).", _at(reg.requested_at)))
    if reg.status == WebhookRegistration.Status.DONE:
        return _span("passed", format_html("✔ {} ({})", reg.message, _at(reg.finished_at)))
    return _span(
        "failed",
        format_html(
            "✘ Not subscribed ({}): {} <details><summary>Technical detail</summary><code>{}</code></details>",
            _at(reg.finished_at),
            reg.message,
            reg.detail,
        ),
    )


def pending(conn: Connection) -> bool:
    check, reg = conn.checks.first(), conn.registrations.first()
    return bool((check and check.status in PENDING_CHECK) or (reg and reg.pending))


def _waiting(since) -> str:
    if since and timezone.now() - since > STUCK_AFTER:
        return " No worker has taken it for over 10 minutes: is the worker (manage.py qcluster) running?"
    return ""


def _span(kind: str, html) -> str:
    return format_html("<span class='progress-{}'>{}</span>", kind, mark_safe(html))  # noqa: S308 (built by format_html)


class ConnectionProgressAdminMixin:
    """Read-only fields of the change page, and the URL the page polls while they are pending."""

    @admin.display(description="Connection test")
    def connection_test(self, obj):
        return self._progress(obj, "check", check_html(obj))

    @admin.display(description="Webhook subscription")
    def webhook_subscription(self, obj):
        return self._progress(obj, "registration", registration_html(obj))

    def _progress(self, obj, kind: str, html: str):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:integrations_connection_progress", args=[obj.pk])
        return format_html("<div data-progress='{}' data-progress-url='{}'>{}</div>", kind, url, mark_safe(html))  # noqa: S308

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="integrations_connection_progress",
            )
        ]
        return extra + super().get_urls()

    def progress_view(self, request, pk: int):
        conn = get_object_or_404(Connection, pk=pk)
        if not self.has_view_permission(request, conn):
            raise PermissionDenied
        return JsonResponse(
            {"check": check_html(conn), "registration": registration_html(conn), "pending": pending(conn)}
        )
