"""The field-mapping preview: for one person, what each mapped field would write, without writing.

An admin may also try a row before saving it (the "try a row" fields): it is validated like a
saved row and shown, marked as a draft, next to the active rows.

The preview reads the person from Credentially inside the request (six small GETs). That is
the one exception to "calls happen in workers": an admin asked to see current values now, a
read changes nothing, and queuing it would mean polling a result page for a few hundred ms of
work. The ATS is read once too, to show what it holds today. Nothing is written anywhere.
The reading and mapping are the flow's (sync/flows/compliance/services.py); this module is the form
and the page.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse

from integrations.client.errors import ClientError
from mappings.compliance.models import FieldMapping, StaffRecord, StageTrigger, Transform
from sync.flows.compliance.services import staff_mapping_preview


class PreviewForm(forms.Form):
    staff = forms.ModelChoiceField(
        queryset=StaffRecord.objects.select_related("ats_connection", "credentially_connection"),
        label="Person",
        help_text="A staff member created from the ATS. Their current Credentially data is read "
        "now and shown as it would be written to the ATS; nothing is saved.",
    )
    draft_credentially_field = forms.CharField(
        required=False, label="Try a row: Credentially field", help_text="Optional. e.g. checks.dbs.printDate"
    )
    draft_ats_field = forms.CharField(required=False, label="Try a row: ATS field", help_text="e.g. field70002")
    draft_transform = forms.ChoiceField(required=False, choices=Transform.choices, label="Try a row: transform")
    draft_transform_options = forms.JSONField(
        required=False, label="Try a row: transform options", help_text='e.g. {"format": "%d/%m/%Y"}'
    )

    def clean(self):
        data = super().clean()
        if data.get("draft_credentially_field") or data.get("draft_ats_field"):
            row = FieldMapping(
                credentially_field=data.get("draft_credentially_field") or "",
                ats_field=data.get("draft_ats_field") or "",
                transform=data.get("draft_transform") or "",
                transform_options=data.get("draft_transform_options") or {},
            )
            try:
                row.full_clean(exclude=["ats_connection"], validate_unique=False, validate_constraints=False)
            except forms.ValidationError as exc:
                raise forms.ValidationError(f"The row you are trying: {'; '.join(exc.messages)}") from exc
            data["draft"] = row
        return data


def preview_view(model_admin, request):
    form = PreviewForm(request.POST or request.GET or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": "Preview the field mapping for a person",
        "rows": None,
        **_why_nobody(),
    }
    if form.is_bound and form.is_valid():
        staff = form.cleaned_data["staff"]
        try:
            context["rows"] = staff_mapping_preview(staff=staff, draft=form.cleaned_data.get("draft"))
            context["staff"] = staff
        except ClientError as exc:
            model_admin.message_user(request, f"Could not read this person: {exc}", messages.ERROR)
    return TemplateResponse(request, "admin/compliance/fieldmapping/preview.html", context)


def _why_nobody() -> dict:
    """With no staff member yet the person list is empty; the page says why and what to do instead."""
    if StaffRecord.objects.exists():
        return {"nobody": False}
    return {
        "nobody": True,
        "active_triggers": StageTrigger.objects.filter(is_active=True).count(),
        "sandbox_icims": reverse("sandbox:page", args=["icims"]) if settings.SANDBOX_ENABLED else "",
    }
