"""Runs and their records in the admin: progress, outcomes, and replay of failed records."""

from django.contrib import admin

from sync.admin.base import ReadOnlyAdmin, pretty_json
from sync.models import Outcome, Record, Run
from sync.services.runs import records_replay


class RecordInline(admin.TabularInline):
    model = Record
    fields = ["source_ref", "action", "outcome", "target_ref", "message"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-outcome", "-id")


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "flow",
        "trigger",
        "status",
        "progress",
        "read",
        "created",
        "updated",
        "skipped",
        "failed",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status", "trigger", "flow", "created_at"]
    search_fields = ["flow__name", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "flow",
        "trigger",
        "event",
        "status",
        "progress",
        "created_at",
        "started_at",
        "finished_at",
        "read",
        "created",
        "updated",
        "skipped",
        "failed",
        "message",
        "checkpoint_pretty",
    ]
    exclude = ["checkpoint", "params", "lease_until", "progress_done", "progress_total"]
    inlines = [RecordInline]
    actions = ["replay_failed"]

    @admin.display(description="Progress")
    def progress(self, obj):
        if obj.progress_total:
            return f"{obj.progress_done}/{obj.progress_total} ({obj.progress_percent}%)"
        return str(obj.progress_done or "-")

    @admin.display(description="Checkpoint")
    def checkpoint_pretty(self, obj):
        return pretty_json(obj.checkpoint)

    @admin.action(description="Replay the failed records of the selected runs", permissions=["replay"])
    def replay_failed(self, request, queryset):
        ids = list(Record.objects.filter(run__in=queryset, outcome=Outcome.FAILED).values_list("pk", flat=True))
        runs = records_replay(record_ids=ids)
        self.message_user(request, f"{len(ids)} failed record(s) queued in {len(runs)} replay run(s).")

    def has_replay_permission(self, request):
        return request.user.has_perm("sync.replay_event")


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "run", "action", "source_ref", "target_ref", "outcome", "short_message"]
    list_filter = ["outcome", "action", "run__flow", "created_at"]
    search_fields = ["source_ref", "target_ref", "message"]
    readonly_fields = [
        "run",
        "action",
        "source_ref",
        "target_ref",
        "outcome",
        "message",
        "payload_pretty",
        "created_at",
    ]
    exclude = ["payload"]
    actions = ["replay"]

    @admin.display(description="Message")
    def short_message(self, obj):
        return (obj.message[:120] + "…") if len(obj.message) > 120 else obj.message

    @admin.display(description="Replay payload")
    def payload_pretty(self, obj):
        return pretty_json(obj.payload)

    @admin.action(description="Replay the selected failed records", permissions=["replay"])
    def replay(self, request, queryset):
        ids = list(queryset.filter(outcome=Outcome.FAILED).values_list("pk", flat=True))
        runs = records_replay(record_ids=ids)
        self.message_user(request, f"{len(ids)} record(s) queued in {len(runs)} replay run(s).")

    def has_replay_permission(self, request):
        return request.user.has_perm("sync.replay_event")
