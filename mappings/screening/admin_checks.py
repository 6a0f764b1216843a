"""Admin of the background checks: the list (filterable, searchable), each candidate's page with
their orders, cases, statuses and report links, and the requests: Refresh this case, Cancel and
Order again (the last two ask why first). Requests are queued for a worker (never run here)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from mappings.screening.models import BackgroundCheck, CaseRequest, RequestAction
from mappings.screening.selectors import checks_of_person
from sync.flows.screening.services import case_requests_submit

ASKS_WHY = {
    RequestAction.CANCEL: (
        "Cancel these background checks in Certn?",
        "Certn stops the checks (this cannot be undone) and iCIMS shows them as Incomplete (Cancelled).",
    ),
    RequestAction.ORDER_AGAIN: (
        "Order these background checks again?",
        "The same package is ordered again for the same application, with today's settings: Certn e-mails the "
        "candidate a new invitation, and the new case replaces the ended one in iCIMS.",
    ),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept with the check, with your name and the time (e.g. 'candidate withdrew', 'invitation "
        "expired while on leave').",
    )


class CaseRequestInline(admin.TabularInline):
    model = CaseRequest
    fk_name = "check_row"
    extra = 0
    can_delete = False
    fields = ["requested_at", "action", "requested_by", "reason", "status", "message", "new_check"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BackgroundCheck)
class BackgroundCheckAdmin(admin.ModelAdmin):
    list_display = ["candidate", "application", "package_shown", "case", "icims_shown", "report", "ordered_at"]
    list_filter = ["open", "icims_status", "certn_status", "region", "package_source", "icims_connection"]
    search_fields = ["candidate_name", "email", "case_id", "workflow_id", "person_id", "job_title", "package_name"]
    date_hierarchy = "ordered_at"
    list_select_related = ["certn_connection"]
    inlines = [CaseRequestInline]
    actions = ["refresh", "cancel", "order_again"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # checks are ordered by the flows (a stage in iCIMS, or Order again)

    def has_delete_permission(self, request, obj=None):
        return False  # the history of a candidate's checks stays (Forget this person erases it)

    # --- columns ---------------------------------------------------------------------------------
    @admin.display(description="Candidate", ordering="candidate_name")
    def candidate(self, obj):
        url = reverse("admin:screening_candidate", args=[obj.icims_connection_id, obj.person_id])
        name = obj.candidate_name or obj.person_id
        return format_html('<a href="{}">{}</a><br><small>{}</small>', url, name, obj.email)

    @admin.display(description="Application", ordering="job_title")
    def application(self, obj):
        return format_html("{}<br><small>workflow {}</small>", obj.job_title or "-", obj.workflow_id)

    @admin.display(description="Package", ordering="package_name")
    def package_shown(self, obj):
        return format_html("{}<br><small>{}, Certn {}</small>", obj.package_name, obj.package_source, obj.region)

    @admin.display(description="Certn case", ordering="certn_status")
    def case(self, obj):
        return format_html("{}<br><small>{}</small>", obj.certn_status or "-", obj.case_id)

    @admin.display(description="iCIMS shows", ordering="icims_status")
    def icims_shown(self, obj):
        return format_html("{}<br><small>{}</small>", obj.icims_status or "-", obj.result or "")

    @admin.display(description="Report")
    def report(self, obj):
        if not obj.report_url:
            return "-"
        stored = format_html("<br><small>PDF in iCIMS {}</small>", obj.report_file) if obj.report_file else ""
        return format_html('<a href="{}" target="_blank" rel="noopener">Open</a>{}', obj.report_url, stored)

    # --- requests ----------------------------------------------------------------------------------
    @admin.action(description="Refresh these cases (read Certn again, write iCIMS)", permissions=["change"])
    def refresh(self, request, queryset):
        self._submit(request, list(queryset), RequestAction.REFRESH, "")

    @admin.action(description="Cancel these checks in Certn (asks why)", permissions=["change"])
    def cancel(self, request, queryset):
        return self._ask_why(request, list(queryset), RequestAction.CANCEL, request.get_full_path())

    @admin.action(description="Order these checks again (asks why)", permissions=["change"])
    def order_again(self, request, queryset):
        return self._ask_why(request, list(queryset), RequestAction.ORDER_AGAIN, request.get_full_path())

    def _ask_why(self, request, checks, action, back_url, hidden=None):
        form = ReasonForm(request.POST if request.POST.get("confirmed") == "yes" else None)
        if form.is_bound and form.is_valid():
            self._submit(request, checks, action, form.cleaned_data["reason"])
            return None if hidden is None else redirect(back_url)
        title, explain = ASKS_WHY[action]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "explain": explain,
            "checks": checks,
            "form": form,
            "hidden": hidden
            if hidden is not None
            else [("action", action), *((admin.helpers.ACTION_CHECKBOX_NAME, c.pk) for c in checks)],
            "back_url": back_url,
        }
        return TemplateResponse(request, "screening/request_form.html", context)

    def _submit(self, request, checks, action, reason) -> None:
        out = case_requests_submit(checks=checks, action=action, reason=reason, user=request.user)
        label = RequestAction(action).label
        if out.made:
            self.message_user(
                request,
                f"{label}: queued for {len(out.made)} check(s); a worker does it in a moment (the candidate's page "
                "shows each request and what came of it).",
                messages.SUCCESS,
            )
        for why in out.refused:
            self.message_user(request, f"{label}, not queued: {why}", messages.WARNING)
        if out.waiting:
            self.message_user(request, out.waiting.capitalize(), messages.WARNING)

    # --- the candidate's page ----------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("candidate/<int:icims_id>/<str:person_id>/", view(self.candidate_view), name="screening_candidate"),
            path("<int:pk>/ask/<str:action>/", view(self.ask_view), name="screening_check_ask"),
            *super().get_urls(),
        ]

    def candidate_view(self, request, icims_id: int, person_id: str):
        checks = checks_of_person(icims_connection_id=icims_id, person_id=person_id)
        if not checks:
            self.message_user(request, f"No background check of iCIMS person {person_id}.", messages.WARNING)
            return redirect("admin:screening_backgroundcheck_changelist")
        if request.method == "POST" and self.has_change_permission(request):
            check = next((c for c in checks if str(c.pk) == request.POST.get("check")), None)
            if check is not None:
                self._submit(request, [check], RequestAction.REFRESH, "")
            return redirect(request.path)
        applications: dict[str, list[BackgroundCheck]] = {}
        for check in checks:
            applications.setdefault(check.workflow_id, []).append(check)
        latest = checks[-1]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Background checks of {latest.candidate_name or latest.email or person_id}",
            "person": latest,
            "applications": [(items[-1], items) for items in applications.values()],
            "requests": CaseRequest.objects.filter(check_row__in=checks).select_related("check_row", "requested_by"),
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "screening/candidate.html", context)

    def ask_view(self, request, pk: int, action: str):
        check = get_object_or_404(BackgroundCheck, pk=pk)
        if action not in ASKS_WHY or not self.has_change_permission(request):
            return redirect("admin:screening_candidate", check.icims_connection_id, check.person_id)
        back = reverse("admin:screening_candidate", args=[check.icims_connection_id, check.person_id])
        return self._ask_why(request, [check], action, back, hidden=[])


@admin.register(CaseRequest)
class CaseRequestAdmin(admin.ModelAdmin):
    """Read-only: what admins asked about checks, why, and what came of it."""

    list_display = ["requested_at", "action", "check_row", "requested_by", "reason", "status", "message"]
    list_filter = ["action", "status", "requested_at"]
    search_fields = ["reason", "message", "check_row__candidate_name", "check_row__email", "check_row__case_id"]
    list_select_related = ["check_row", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
