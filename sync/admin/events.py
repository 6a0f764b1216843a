"""The inbox in the admin: every event a system sent, searchable, replayable or ignorable."""

from django.contrib import admin
from django.utils.html import format_html

from sync.admin.base import ReadOnlyAdmin, pretty_json
from sync.models import InboundEvent
from sync.services.events import event_ignore, event_replay


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "received_at", "connection", "event_type", "status", "attempts", "external_id", "email"]
    list_filter = ["status", "connection", "event_type", "raw", "received_at"]
    search_fields = ["external_id", "email", "dedupe_key"]
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
        "raw",
        "payload_pretty",
        "runs_list",
    ]
    exclude = ["payload", "lease_until"]
    actions = ["replay", "ignore"]

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
