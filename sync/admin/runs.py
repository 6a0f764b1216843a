"""Runs and their records in the admin: progress that refreshes itself, outcomes and why, and replay
(Retry now per failed record, or the failed records of whole runs)."""

from django.contrib import admin
from django.db.models import Q
from django.urls import path
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
from sync.admin.dry_runs import retryable, trigger_or_dry
from sync.admin.retry import can_retry, retry_url, retry_urls
from sync.admin.runs_live import COUNTERS, live, live_view, status_cell
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

    def get_fields(self, request, obj=None):
        return [*self.fields, "retry_now"] if can_retry(request) else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="Retry")
    def retry_now(self, obj):
        return retry_button(retry_url(obj)) if retryable(obj) else ""


class ActivityFilter(admin.SimpleListFilter):
    """Runs that wrote or failed something, or those that only read (unchanged or skipped)."""

    title = "activity"
    parameter_name = "activity"

    def lookups(self, request, model_admin):
        return [("yes", "Wrote or failed something"), ("no", "Wrote nothing, failed nothing")]

    def queryset(self, request, queryset):
        did = Q(created__gt=0) | Q(updated__gt=0) | Q(failed__gt=0)
        if self.value() == "yes":
            return queryset.filter(did)
        if self.value() == "no":
            return queryset.exclude(did)
        return queryset


def _counter(name: str):
    @admin.display(description=name.capitalize(), ordering=name)
    def cell(self, obj):
        return live(obj, name)

    return cell


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    form = help_texts(
        Run,
        status_live="status",
        progress_live="progress_done",
        duration_live="How long it took, or has taken so far.",
        finished_live="finished_at",
        checkpoint_pretty="checkpoint",
        technical_detail=DETAIL_HELP,
        **{f"{name}_live": name for name in COUNTERS},
    )
    # What matters first, and narrow enough for a 1366 px screen with the admin's sidebar and filters:
    # the counters share one cell (each is on the run's page, and the activity filter finds runs by them).
    list_display = ["id", "flow_cell", "status_live", "progress_live", "duration_live", "counts_live", "started"]
    list_filter = ["status", ActivityFilter, "trigger", "dry", "flow", "created_at"]
    search_fields = ["flow__name", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "flow",
        "trigger",
        "dry",
        "event",
        "status_live",
        "progress_live",
        "created_at",
        "started_at",
        "finished_live",
        "duration_live",
        *(f"{name}_live" for name in COUNTERS),
        "message",
        "technical_detail",
        "checkpoint_pretty",
    ]
    exclude = ["checkpoint", "params", "lease_until", "progress_done", "progress_total", "error_detail", "status"]
    exclude += ["finished_at", *COUNTERS]
    inlines = [RecordInline]
    actions = ["replay_failed"]

    read_live = _counter("read")
    created_live = _counter("created")
    updated_live = _counter("updated")
    skipped_live = _counter("skipped")
    failed_live = _counter("failed")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("flow")

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: live_view(self, request))
        return [path("live/", view, name="sync_run_live"), *super().get_urls()]

    @admin.display(description="Flow", ordering="flow__name")
    def flow_cell(self, obj):
        return format_html("{}<br><small>{}</small>", obj.flow.name, trigger_or_dry(obj))

    @admin.display(description="Started", ordering="started_at")
    def started(self, obj):
        return when_lines(obj.started_at)

    @admin.display(description="Counts")
    def counts_live(self, obj):
        return live(obj, "counts")

    @admin.display(description="Status", ordering="status")
    def status_live(self, obj):
        return status_cell(obj)

    @admin.display(description="Progress")
    def progress_live(self, obj):
        return live(obj, "progress")

    @admin.display(description="Finished at")
    def finished_live(self, obj):
        return live(obj, "finished")

    @admin.display(description="Duration")
    def duration_live(self, obj):
        return live(obj, "duration")

    @admin.display(description="Technical detail")
    def technical_detail(self, obj):
        return detail_block(obj.error_detail)

    @admin.display(description="Checkpoint")
    def checkpoint_pretty(self, obj):
        return format_html("<details><summary>Show the checkpoint</summary>{}</details>", pretty_json(obj.checkpoint))

    @admin.action(description="Replay the failed records of the selected runs", permissions=["replay"])
    def replay_failed(self, request, queryset):
        ids = list(Record.objects.filter(run__in=queryset, outcome=Outcome.FAILED).values_list("pk", flat=True))
        runs = records_replay(record_ids=ids)
        self.message_user(request, f"{len(ids)} failed record(s) queued in {len(runs)} replay run(s).")

    def has_replay_permission(self, request):
        return request.user.has_perm("sync.replay_event")


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    form = help_texts(Record, technical_detail=DETAIL_HELP)
    # The outcome first; the time as in the runs and events lists (date above time).
    list_display = ["id", "outcome", "created", "run", "action", "source_ref", "target_ref", "short_message"]
    list_filter = ["outcome", "action", "run__flow", "run__dry", "created_at"]
    search_fields = ["source_ref", "target_ref", "message"]
    readonly_fields = [
        "run",
        "action",
        "source_ref",
        "target_ref",
        "outcome",
        "message",
        "technical_detail",
        "payload_pretty",
        "created_at",
    ]
    exclude = ["payload", "error_detail"]
    actions = ["replay"]

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "retry_now"] if can_retry(request) else shown

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return [*shown, "retry_now"] if can_retry(request) and obj and retryable(obj) else shown

    def get_urls(self):
        return [*retry_urls(self), *super().get_urls()]

    @admin.display(description="Created at", ordering="created_at")
    def created(self, obj):
        return when_lines(obj.created_at)

    @admin.display(description="Message")
    def short_message(self, obj):
        return short_with_title(obj.message, 120)

    @admin.display(description="Technical detail")
    def technical_detail(self, obj):
        return detail_block(obj.error_detail)

    @admin.display(description="Retry")
    def retry_now(self, obj):
        return retry_button(retry_url(obj)) if retryable(obj) else ""

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
