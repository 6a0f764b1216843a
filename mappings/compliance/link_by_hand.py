"""The admin page "Link a candidate to an existing Credentially staff member by hand".

An admin names the ATS candidate, finds the staff member in Credentially by name or e-mail (one
read of Credentially's staff list, inside the request, like the field-mapping preview: a read that
changes nothing, which the admin is waiting to see) and chooses one. Linking itself is queued: a
worker claims the staff link, reads both sides, confirms it and starts the normal sync-back, which
sends every document's current file. The request and its outcome show under Sync (events, runs).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from integrations.client.errors import ClientError
from integrations.models import Connection
from mappings.compliance.models.lookups import ATS_SYSTEMS
from sync.flows.compliance.services import LinkRefused, credentially_profiles_find, staff_link_by_hand


class LinkForm(forms.Form):
    ats_connection = forms.ModelChoiceField(
        queryset=Connection.objects.filter(system__in=ATS_SYSTEMS, enabled=True),
        label="ATS connection",
        help_text="The applicant tracking system account the candidate is in.",
    )
    person_id = forms.CharField(
        max_length=64,
        label="ATS candidate id",
        help_text="The candidate's person id in the ATS (iCIMS: the number in the person's profile address).",
    )
    credentially_connection = forms.ModelChoiceField(
        queryset=Connection.objects.filter(system="credentially", enabled=True),
        label="Credentially organisation",
        help_text="The Credentially account the staff member is in.",
    )
    term = forms.CharField(
        max_length=120,
        label="Find in Credentially",
        help_text="Part of the staff member's first or last name or e-mail; then press Find and choose them below.",
    )


def link_view(model_admin, request):
    form = LinkForm(request.POST or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": "Link a candidate to an existing Credentially staff member",
        "choices": None,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = request.POST.get("chosen_profile", "").strip()
        if "_link" in request.POST and chosen:
            done = _link(model_admin, request, data, chosen)
            if done:
                return done
        elif "_link" in request.POST:
            model_admin.message_user(request, "Choose a staff member in the list first.", messages.WARNING)
        try:
            found = credentially_profiles_find(connection=data["credentially_connection"], term=data["term"])
            context["choices"] = found
        except ClientError as exc:
            model_admin.message_user(
                request,
                f"Could not read Credentially's staff list: {exc}. Check the connection (Check this connection) "
                "and try again.",
                messages.ERROR,
            )
    return TemplateResponse(request, "admin/compliance/staffrecord/link.html", context)


def _link(model_admin, request, data: dict, profile_id: str):
    try:
        event = staff_link_by_hand(
            ats_connection=data["ats_connection"],
            person_id=data["person_id"],
            credentially_connection=data["credentially_connection"],
            profile_id=profile_id,
            email=request.POST.get(f"email_{profile_id}", ""),
            by=request.user.get_username(),
        )
    except LinkRefused as exc:
        model_admin.message_user(request, f"Not linked: {exc}", messages.ERROR)
        return None
    model_admin.message_user(
        request,
        format_html(
            "Queued: candidate {} will be linked to the chosen staff member and synced. The outcome shows on "
            '<a href="{}">event #{}</a> and its run (Sync > Runs).',
            data["person_id"],
            reverse("admin:sync_inboundevent_change", args=[event.pk]),
            event.pk,
        ),
    )
    return redirect("admin:compliance_staffrecord_changelist")
