"""The connection check in the admin: an action that queues it, a column with the last outcome,
and a checklist page per connection (refreshing itself while the worker runs the probes)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from integrations.models import Connection, ConnectionCheck
from integrations.services import connection_check_request

ICONS = {"passed": "✔", "failed": "✘", "skipped": "–"}


class ConnectionCheckAdminMixin:
    @admin.action(description="Check this connection (queued for a worker)")
    def check_connection(self, request, queryset):
        for conn in queryset:
            connection_check_request(connection=conn, requested_by=request.user.get_username())
        messages.success(
            request,
            f"Check queued for {queryset.count()} connection(s). Open 'Last check' to see the checklist.",
        )

    @admin.display(description="Last check")
    def last_check(self, obj):
        check = obj.checks.first()
        label = check.get_status_display() if check else "Never checked"
        url = reverse("admin:integrations_connection_check", args=[obj.pk])
        when = f" {check.requested_at:%Y-%m-%d %H:%M}" if check else ""
        return format_html("<a href='{}'>{}</a>{}", url, label, when)

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/check/",
                self.admin_site.admin_view(self.check_view),
                name="integrations_connection_check",
            )
        ]
        return extra + super().get_urls()

    def check_view(self, request, pk: int):
        conn = get_object_or_404(Connection, pk=pk)
        if not self.has_view_permission(request, conn):
            raise PermissionDenied
        if request.method == "POST" and self.has_change_permission(request, conn):
            connection_check_request(connection=conn, requested_by=request.user.get_username())
            return redirect(request.path)
        check = conn.checks.first()
        running = check is not None and check.status in (ConnectionCheck.Status.QUEUED, ConnectionCheck.Status.RUNNING)
        lines = [{**line, "icon": ICONS.get(line["status"], "?")} for line in (check.lines if check else [])]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": conn,
            "title": f"Connection check: {conn.name}",
            "check": check,
            "lines": lines,
            "running": running,
            "can_run": self.has_change_permission(request, conn),
        }
        return TemplateResponse(request, "admin/integrations/connection/check.html", context)
