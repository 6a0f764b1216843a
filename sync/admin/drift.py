"""Drift reports in the admin: Compare per connector, each report's differences with Fix per row
and Fix all. Compare and fixes are queued as runs (sync/services/drift.py), never run here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from sync.admin.base import ReadOnlyAdmin
from sync.models import Connector, Difference, DriftReport
from sync.services.drift import FIXABLE, differences_fix, drift_compare_start
from sync.services.runs import FlowNotRunnable

RUN_PERMISSION = "sync.run_flow"  # Compare, Fix and Fix all queue runs; Mapping editors only read reports


def _without(names, name: str, request) -> list[str]:
    """The page's fields, less a button the user may not press (so it is not shown at all)."""
    return [n for n in names if n != name or request.user.has_perm(RUN_PERMISSION)]


class DifferenceInline(admin.TabularInline):
    model = Difference
    fields = ["subject", "detail", "right_side", "fix", "status", "fix_button", "fix_run_link"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def get_fields(self, request, obj=None):
        return _without(super().get_fields(request, obj), "fix_button", request)

    def get_readonly_fields(self, request, obj=None):
        return _without(super().get_readonly_fields(request, obj), "fix_button", request)

    @admin.display(description="")
    def fix_button(self, obj):
        if not obj.fix or obj.status not in FIXABLE:
            return ""
        url = reverse("admin:sync_driftreport_fix", args=[obj.report_id, obj.pk])
        return format_html('<button type="submit" class="button" formaction="{}">Fix</button>', url)

    @admin.display(description="fix run")
    def fix_run_link(self, obj):
        if obj.fix_run_id is None:
            return obj.fix_message
        url = reverse("admin:sync_run_change", args=[obj.fix_run_id])
        return format_html('<a href="{}">run #{}</a> {}', url, obj.fix_run_id, obj.fix_message)


@admin.register(DriftReport)
class DriftReportAdmin(ReadOnlyAdmin):
    list_display = ["id", "connector", "created_at", "state", "summary", "found", "compared"]
    list_filter = ["connector", "run__status", "created_at"]
    search_fields = ["differences__subject", "differences__detail", "connector"]
    date_hierarchy = "created_at"
    readonly_fields = ["connector", "state", "summary", "compared", "found", "created_at", "finished_at", "fix_all"]
    exclude = ["run"]
    inlines = [DifferenceInline]

    def get_readonly_fields(self, request, obj=None):
        return _without(super().get_readonly_fields(request, obj), "fix_all", request)

    @admin.display(description="compare run")
    def state(self, obj):
        run = obj.run
        percent = f" {run.progress_percent}%" if run.progress_percent is not None else ""
        url = reverse("admin:sync_run_change", args=[run.pk])
        return format_html('<a href="{}">{}{}</a>{}', url, run.get_status_display(), percent, f" {run.message}")

    @admin.display(description="Fix all")
    def fix_all(self, obj):
        open_ = obj.differences.filter(status__in=FIXABLE).exclude(fix="").count()
        if not open_:
            return "nothing to fix" if obj.finished_at else "the compare is still reading"
        url = reverse("admin:sync_driftreport_fix_all", args=[obj.pk])
        return format_html(
            '<button type="submit" class="button default" formaction="{}">Fix all ({})</button>', url, open_
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("compare/<str:connector>/", view(self.compare_view), name="sync_driftreport_compare"),
            path("<int:report_id>/fix/<int:difference_id>/", view(self.fix_view), name="sync_driftreport_fix"),
            path("<int:report_id>/fix-all/", view(self.fix_all_view), name="sync_driftreport_fix_all"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_compare": self._can_run(request), "connectors": Connector.choices, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def _can_run(self, request) -> bool:
        return request.user.has_perm(RUN_PERMISSION)

    def _check(self, request) -> None:
        if not self._can_run(request):
            raise PermissionDenied

    @staticmethod
    def _queue_message(request, count: int, runs) -> None:
        if not count:
            messages.info(request, "Nothing to fix: those differences are fixed, queued, or have no fix.")
            return
        ids = ", ".join(f"#{r.pk}" for r in runs)
        messages.success(request, f"{count} fix(es) queued as run {ids}; this page shows each one's status.")

    def compare_view(self, request, connector: str):
        self._check(request)
        if request.method != "POST" or connector not in Connector.values:
            return redirect("admin:sync_driftreport_changelist")
        label = Connector(connector).label
        try:
            run = drift_compare_start(connector=connector)
        except FlowNotRunnable as exc:
            messages.warning(request, f"{label}: not compared now: {exc}.")
        else:
            messages.success(request, f"{label}: compare queued as run #{run.pk}; its report appears below.")
        return redirect("admin:sync_driftreport_changelist")

    def fix_view(self, request, report_id: int, difference_id: int):
        return self._fix(request, report_id, [difference_id])

    def fix_all_view(self, request, report_id: int):
        report = get_object_or_404(DriftReport, pk=report_id)
        return self._fix(request, report_id, list(report.differences.values_list("pk", flat=True)))

    def _fix(self, request, report_id: int, ids: list[int]):
        self._check(request)
        if request.method == "POST":
            try:
                count, runs = differences_fix(difference_ids=ids)
            except FlowNotRunnable as exc:
                messages.warning(request, f"Not fixed: {exc}. Switch the fix flow on under Flows, then try again.")
            else:
                self._queue_message(request, count, runs)
        return redirect("admin:sync_driftreport_change", report_id)


@admin.register(Difference)
class DifferenceAdmin(ReadOnlyAdmin):
    """Every difference of every report: filter by connector, kind or status; fix the selected."""

    list_display = ["subject", "kind", "right_side", "status", "fix", "report"]
    list_filter = ["report__connector", "kind", "status", "right_side"]
    search_fields = ["subject", "detail"]
    actions = ["fix_selected"]

    @admin.action(description="Fix the selected differences (queued as a run)", permissions=["run"])
    def fix_selected(self, request, queryset):
        count, runs = differences_fix(difference_ids=list(queryset.values_list("pk", flat=True)))
        DriftReportAdmin._queue_message(request, count, runs)

    def has_run_permission(self, request):
        return request.user.has_perm(RUN_PERMISSION)
