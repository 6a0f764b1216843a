"""'Run for one learner or course': a batch run limited to what the admin names (a learner's e-mail
or user id, a course id), for flows that declare such scopes (FlowDefinition.scopes). The action
asks on a page of its own, then queues the run (never runs it in the request); the run keeps its
records like any other."""

from django import forms
from django.contrib import admin, messages
from django.core.validators import validate_email
from django.template.response import TemplateResponse

from sync.models import Trigger
from sync.services.runs import FlowNotRunnable, run_enqueue

TEMPLATE = "admin/sync/flow/run_scoped.html"
ACTION = "run_scoped"


class ScopeForm(forms.Form):
    learner = forms.CharField(
        required=False,
        max_length=254,
        help_text="The learner's e-mail address, or their Docebo user id (Admin Menu > Users, the ID column).",
    )
    course = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="A Docebo course id (Admin Menu > Course management, the ID column). Fill in one of the two.",
    )

    def clean_learner(self) -> str:
        value = self.cleaned_data["learner"].strip()
        if value and not value.isdigit():
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError("Give an e-mail address (jane@example.com) or a user id (13021).") from None
        return value.lower()

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("learner")) == (cleaned.get("course") is not None):
            raise forms.ValidationError("Fill in either a learner or a course, not both.")
        return cleaned

    def params(self) -> dict:
        learner, course = self.cleaned_data["learner"], self.cleaned_data["course"]
        return {"learner": learner} if learner else {"course": course}


@admin.action(description="Run for one learner or course (queued for a worker)", permissions=["run"])
def run_scoped(modeladmin, request, queryset):
    flows = [f for f in queryset if f.definition.scopes]
    form = ScopeForm(request.POST if "apply" in request.POST else None)
    if form.is_bound or not flows:  # said once: when the run is queued, or when nothing can be asked
        for flow in queryset:
            if not flow.definition.scopes:
                modeladmin.message_user(request, f"Not run: {flow.name} runs for everything only.", messages.WARNING)
    if not flows:
        return None
    if form.is_bound and form.is_valid():
        params = form.params()
        [(scope, value)] = params.items()
        for flow in flows:
            if scope not in flow.definition.scopes:
                modeladmin.message_user(
                    request, f"Not run: {flow.name} cannot be limited to a {scope}.", messages.WARNING
                )
                continue
            try:
                run = run_enqueue(flow_key=flow.key, trigger=Trigger.MANUAL, params=params)
            except FlowNotRunnable as exc:
                modeladmin.message_user(request, f"Not run: {flow.name}: {exc}", messages.WARNING)
                continue
            modeladmin.message_user(
                request, f"Run #{run.pk} queued: {flow.name}, for {scope} {value} only; follow it under Sync runs."
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Run for one learner or course",
        "form": form,
        "flows": flows,
        "action": ACTION,
    }
    return TemplateResponse(request, TEMPLATE, context)
