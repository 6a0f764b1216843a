"""Flows in the admin: switches, schedules, and Run now (queued for a worker)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from sync.admin.base import when
from sync.admin.dry_runs import DryRunAction
from sync.admin.flow_scope import run_scoped
from sync.models import Flow, InboundEvent, Trigger
from sync.services.events import event_replay
from sync.services.flows import validate_cron
from sync.services.runs import FlowNotRunnable, flow_blocked_reason, run_enqueue


class FlowForm(forms.ModelForm):
    class Meta:
        model = Flow
        fields = ["enabled", "schedule_cron", "schedule_timezone", "notification_email"]

    def clean(self):
        cleaned = super().clean()
        validate_cron(cleaned.get("schedule_cron", ""), cleaned.get("schedule_timezone") or "UTC")
        return cleaned


@admin.register(Flow)
class FlowAdmin(DryRunAction, admin.ModelAdmin):
    form = FlowForm
    list_display = ["name", "enabled", "state", "schedule", "last_run_link", "last_checked"]
    list_filter = ["enabled"]
    search_fields = ["name", "key"]
    readonly_fields = [
        "key",
        "name",
        "description",
        "systems",
        "triggers",
        "state",
        "last_run_link",
        "last_checked_at",
        "last_check_outcome",
    ]
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
        "last_checked_at",
        "last_check_outcome",
    ]
    actions = ["run_now", "dry_run", run_scoped, "enable", "disable", "replay_held"]

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
            "<a href='{}'>#{} {}</a><br><small>{}</small>",
            reverse("admin:sync_run_change", args=[run.pk]),
            run.pk,
            run.get_status_display(),
            when(run.finished_at or run.started_at or run.created_at),
        )

    @admin.display(description="Last checked", ordering="last_checked_at")
    def last_checked(self, obj):
        """Scheduled runs that found nothing to do are not kept as runs: the flow says when it looked."""
        if obj.last_checked_at is None:
            return "-"
        return f"{when(obj.last_checked_at)}, {obj.last_check_outcome or 'nothing to do'}"

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
