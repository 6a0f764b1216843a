"""The inbox in the admin: every event a system sent, searchable, replayable or ignorable.

What went wrong is a sentence in the list's Error column and on the page; the technical detail is
one click away on the page; a waiting or dead event has a Retry now button on its row.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html

from sync.admin.base import (
    DETAIL_HELP,
    ReadOnlyAdmin,
    detail_block,
    help_texts,
    pretty_json,
    retry_button,
    short_with_title,
    when_lines,
)
from sync.admin.retry import RETRYABLE_EVENTS, can_retry, retry_url, retry_urls
from sync.models import EventStatus, InboundEvent
from sync.services.events import event_ignore, event_replay
from sync.services.explain import clock


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    form = help_texts(InboundEvent, technical_detail=DETAIL_HELP, retry_now="Queue it again at once for a worker.")
    # Narrow enough for a 1366 px screen with the sidebar and filters: pairs share a cell.
    list_display = ["id", "received", "event_cell", "status_cell", "error"]
    list_filter = ["status", "connection", "event_type", "raw", "received_at"]
    search_fields = ["external_id", "email", "dedupe_key", "last_error"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "connection",
        "event_type",
        "external_id",
        "email",
        "dedupe_key",
        "received_at",
        "status",
        "attempts",
        "next_attempt_at",
        "processed_at",
        "last_error",
        "technical_detail",
        "raw",
        "payload_pretty",
        "runs_list",
    ]
    exclude = ["payload", "lease_until", "error_detail"]
    actions = ["replay", "ignore"]

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "retry_now"] if can_retry(request) else shown

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return [*shown, "retry_now"] if can_retry(request) and obj and obj.status in RETRYABLE_EVENTS else shown

    def get_urls(self):
        return [*retry_urls(self), *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("connection")

    @admin.display(description="Received", ordering="received_at")
    def received(self, obj):
        return when_lines(obj.received_at)

    @admin.display(description="Event", ordering="event_type")
    def event_cell(self, obj):
        """What happened, from which connection, about which object and person (when known)."""
        about = " · ".join(str(part) for part in (obj.connection, obj.external_id, obj.email) if part)
        return format_html("{}<br><small>{}</small>", obj.event_type, about)

    @admin.display(description="Status", ordering="status")
    def status_cell(self, obj):
        """Waiting to retry says which try comes next, and when."""
        if obj.status == EventStatus.RETRYING and obj.next_attempt_at:
            return format_html(
                "{}<br><small>try {} of {} at {}</small>",
                obj.get_status_display(),
                obj.attempts + 1,
                settings.EVENT_MAX_ATTEMPTS,
                clock(obj.next_attempt_at),
            )
        return obj.get_status_display()

    @admin.display(description="Error")
    def error(self, obj):
        """What went wrong, or why it was held, ignored or not handled (a success's notes are not errors)."""
        return short_with_title(obj.last_error) if obj.status != EventStatus.SUCCEEDED else "-"

    @admin.display(description="Technical detail")
    def technical_detail(self, obj):
        return detail_block(obj.error_detail)

    @admin.display(description="Retry")
    def retry_now(self, obj):
        return retry_button(retry_url(obj)) if obj.status in RETRYABLE_EVENTS else ""

    @admin.display(description="Payload")
    def payload_pretty(self, obj):
        return pretty_json(obj.payload)

    @admin.display(description="Runs")
    def runs_list(self, obj):
        runs = obj.runs.select_related("flow")
        return (
            format_html(
                "<br>".join(
                    f"<a href='../../../run/{r.pk}/change/'>#{r.pk} {r.flow.name}: {r.get_status_display()}</a>"
                    for r in runs
                )
            )
            if runs
            else "-"
        )

    @admin.action(description="Replay: process the selected events again", permissions=["replay"])
    def replay(self, request, queryset):
        count = event_replay(event_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} event(s) queued again.")

    @admin.action(description="Ignore: never process the selected events", permissions=["replay"])
    def ignore(self, request, queryset):
        count = event_ignore(event_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} event(s) marked ignored.")

    def has_replay_permission(self, request):
        return request.user.has_perm("sync.replay_event")
