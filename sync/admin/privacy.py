"""Erasures in the admin: the record of each "Forget this person", and the page to ask for one by e-mail.

The list is read-only; searching it for an e-mail address finds that person's erasures by the
keyed hash (the address itself is not stored). "Forget a person by e-mail" asks, shows what will
be erased, and on confirmation queues the erase for a worker.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from sync.admin.base import ReadOnlyAdmin, pretty_json
from sync.models import Erasure
from sync.services.erasure import email_hash, erasure_preview, erasure_request, erasures_retry

TEMPLATE = "admin/sync/erasure/forget.html"


class ForgetForm(forms.Form):
    email = forms.EmailField(label="The person's e-mail", help_text="As the hub holds it (case does not matter).")


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["id", "requested_at", "requested_by_name", "via", "status", "erased", "finished_at"]
    list_filter = ["status", "via"]
    search_fields = ["email_hash"]
    search_help_text = "Type an e-mail address to find its erasures (matched by its keyed hash)."
    readonly_fields = [
        "email_hash",
        "requested_by_name",
        "via",
        "requested_at",
        "status",
        "started_at",
        "finished_at",
        "counts_pretty",
        "message",
    ]
    exclude = ["sealed_subject", "counts", "requested_by"]
    change_list_template = "admin/sync/erasure/change_list.html"
    actions = ["run_again"]

    @admin.display(description="Erased")
    def erased(self, obj):
        return ", ".join(f"{n} {k}" for k, n in sorted(obj.counts.items()) if n) or "-"

    @admin.display(description="What was erased")
    def counts_pretty(self, obj):
        return pretty_json(obj.counts)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if "@" in term:
            return queryset.filter(email_hash=email_hash(term)), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        extra = {"can_forget": request.user.has_perm("sync.erase_person"), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def get_urls(self):
        forget = path("forget/", self.admin_site.admin_view(self.forget_view), name="sync_erasure_forget")
        return [forget, *super().get_urls()]

    def forget_view(self, request):
        """Ask for the e-mail, show what goes, then queue the erase (never run in the request)."""
        if not request.user.has_perm("sync.erase_person"):
            raise PermissionDenied
        form = ForgetForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Forget a person",
            "form": form,
            "cancel_url": reverse("admin:sync_erasure_changelist"),
        }
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if request.POST.get("confirmed") == "yes":
                erasure = erasure_request(email=email, requested_by=request.user, via="admin")
                self.message_user(request, f"Erasure #{erasure.pk} queued; this list shows when it is done.")
                return redirect("admin:sync_erasure_changelist")
            context["people"] = [{"email": email, **erasure_preview(email=email)}]
            context["hidden"] = [("email", email)]
        return TemplateResponse(request, TEMPLATE, context)

    @admin.action(description="Run the selected failed erasures again", permissions=["erase"])
    def run_again(self, request, queryset):
        count = erasures_retry(erasure_ids=list(queryset.values_list("pk", flat=True)))
        level = messages.INFO if count else messages.WARNING
        self.message_user(request, f"{count} failed erasure(s) queued again.", level)

    def has_erase_permission(self, request):
        return request.user.has_perm("sync.erase_person")
