"""Admin for the inbox, flows, runs, records, links and notifications. Logs are read-only;
actions enqueue work and report counts; nothing long runs inside the request."""

import json

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from sync.models import Flow, InboundEvent, Link, Notification, Outcome, Record, Run, Trigger
from sync.services.events import event_ignore, event_replay
from sync.services.flows import validate_cron
from sync.services.runs import FlowNotRunnable, flow_blocked_reason, records_replay, run_enqueue


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def pretty_json(value) -> str:
    return format_html("<pre style='white-space:pre-wrap'>{}</pre>", json.dumps(value, indent=2, sort_keys=True))


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "received_at", "connection", "event_type", "status", "attempts", "external_id", "email"]
    list_filter = ["status", "connection", "event_type", "received_at"]
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


class FlowForm(forms.ModelForm):
    class Meta:
        model = Flow
        fields = ["enabled", "schedule_cron", "schedule_timezone", "notification_email"]

    def clean(self):
        cleaned = super().clean()
        validate_cron(cleaned.get("schedule_cron", ""), cleaned.get("schedule_timezone") or "UTC")
        return cleaned


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin):
    form = FlowForm
    list_display = ["name", "enabled", "state", "schedule", "last_run_link"]
    list_filter = ["enabled"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "name", "description", "systems", "triggers", "state", "last_run_link"]
    fields = [
        "key",
        "name",
        "description",
        "systems",
        "triggers",
        "state",
        "enabled",
        "schedule_cron",
        "schedule_timezone",
        "notification_email",
        "last_run_link",
    ]
    actions = ["run_now", "enable", "disable", "replay_held"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Description")
    def description(self, obj):
        return obj.definition.description

    @admin.display(description="Systems")
    def systems(self, obj):
        return f"{obj.definition.source} -> {obj.definition.target}"

    @admin.display(description="Triggers")
    def triggers(self, obj):
        return "; ".join(obj.definition.triggers) or "-"

    @admin.display(description="Runs now?")
    def state(self, obj):
        reason = flow_blocked_reason(obj)
        return f"No: {reason}" if reason else "Yes"

    @admin.display(description="Schedule")
    def schedule(self, obj):
        return f"{obj.schedule_cron} ({obj.schedule_timezone})" if obj.schedule_cron else "on demand / webhooks"

    @admin.display(description="Last run")
    def last_run_link(self, obj):
        run = obj.runs.order_by("-id").first()
        if run is None:
            return "-"
        return format_html(
            "<a href='../../run/{}/change/'>#{} {} {}</a>",
            run.pk,
            run.pk,
            run.get_status_display(),
            run.finished_at or run.started_at or "",
        )

    @admin.action(description="Run now (queued for a worker)", permissions=["run"])
    def run_now(self, request, queryset):
        queued, refused = 0, []
        for flow in queryset:
            if flow.definition.batch is None:
                refused.append(f"{flow.name}: runs on events only")
                continue
            try:
                run_enqueue(flow_key=flow.key, trigger=Trigger.MANUAL)
                queued += 1
            except FlowNotRunnable as exc:
                refused.append(f"{flow.name}: {exc}")
        self.message_user(request, f"{queued} run(s) queued; follow them under Sync runs.")
        for line in refused:
            self.message_user(request, f"Not run: {line}", level=messages.WARNING)

    @admin.action(description="Enable", permissions=["change"])
    def enable(self, request, queryset):
        self.message_user(
            request,
            f"{queryset.update(enabled=True)} flow(s) enabled. Held events can now be "
            "replayed with 'Replay held events'.",
        )

    @admin.action(description="Disable (events are kept as held)", permissions=["change"])
    def disable(self, request, queryset):
        self.message_user(request, f"{queryset.update(enabled=False)} flow(s) disabled.")

    @admin.action(description="Replay held events", permissions=["run"])
    def replay_held(self, request, queryset):
        count = 0
        for flow in queryset.filter(enabled=True):
            definition = flow.definition
            held = InboundEvent.objects.filter(
                status="held", connection__system=definition.source, event_type__in=definition.event_types
            )
            count += event_replay(event_ids=list(held.values_list("pk", flat=True)))
        self.message_user(request, f"{count} held event(s) queued again.")

    def has_run_permission(self, request):
        return request.user.has_perm("sync.run_flow")


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


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = [
        "object_type",
        "source_system",
        "source_id",
        "target_system",
        "target_id",
        "origin",
        "flow_key",
        "updated_at",
    ]
    list_filter = ["object_type", "source_system", "target_system", "origin", "flow_key"]
    search_fields = ["source_id", "target_id"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "flow_key", "subject", "sent_at"]
    list_filter = ["flow_key", "sent_at", "created_at"]
    search_fields = ["recipient", "line", "subject"]
