"""The field-mapping preview: for one person, what each mapped field would write, without writing.

The preview reads the person from Credentially inside the request (six small GETs). That is
the one exception to "calls happen in workers": an admin asked to see current values now, a
read changes nothing, and queuing it would mean polling a result page for a few hundred ms of
work. The ATS is read once too, to show what it holds today. Nothing is written anywhere.
"""

from django import forms
from django.contrib import messages
from django.template.response import TemplateResponse

from integrations.client.errors import ClientError
from mappings.compliance import selectors
from mappings.compliance.models import StaffRecord


class PreviewForm(forms.Form):
    staff = forms.ModelChoiceField(
        queryset=StaffRecord.objects.select_related("ats_connection", "credentially_connection"),
        label="Person",
        help_text="A staff member created from the ATS. Their current Credentially data is read "
        "now and shown as it would be written to the ATS; nothing is saved.",
    )


def preview_rows(staff) -> tuple[list[dict], dict]:
    """Rows for the template, and the ATS's current values (read from the ATS)."""
    from sync.flows.compliance.ats import adapter_for
    from sync.flows.compliance.documents import documents_summary
    from sync.flows.compliance.snapshot import flatten, read_snapshot

    snap = read_snapshot(staff.credentially_connection.client(), staff.profile_id, with_documents=False)
    values = {**flatten(snap), "documents.summary": documents_summary(staff)}
    mapped = selectors.map_to_ats(ats_connection=staff.ats_connection, values=values)
    current = adapter_for(staff.ats_connection).read_fields(staff.ats_person_id, [m.mapping.ats_field for m in mapped])
    rows = [
        {
            "mapping": m.mapping,
            "object": m.object,
            "source": m.source_value,
            "value": m.value,
            "current": current.get(m.mapping.ats_field),
            "differs": current.get(m.mapping.ats_field) != m.value,
        }
        for m in mapped
    ]
    return rows, current


def preview_view(model_admin, request):
    form = PreviewForm(request.POST or request.GET or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": "Preview the field mapping for a person",
        "rows": None,
    }
    if form.is_bound and form.is_valid():
        staff = form.cleaned_data["staff"]
        try:
            context["rows"], _ = preview_rows(staff)
            context["staff"] = staff
        except ClientError as exc:
            model_admin.message_user(request, f"Could not read this person: {exc}", messages.ERROR)
    return TemplateResponse(request, "admin/compliance/fieldmapping/preview.html", context)
