"""Admin for connections: secrets write-only, webhook credentials shown once."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from integrations.admin_checks import ConnectionCheckAdminMixin
from integrations.admin_progress import ConnectionProgressAdminMixin
from integrations.client.health import health_summary
from integrations.forms import ConnectionForm
from integrations.models import Connection
from integrations.services import connection_after_save, connection_rotate_webhook_secret, connection_set_credentials
from integrations.systems import all_specs


@admin.register(Connection)
class ConnectionAdmin(ConnectionProgressAdminMixin, ConnectionCheckAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "system",
        "region",
        "enabled",
        "api_host",
        "credentials_state",
        "webhook_state",
        "health",
        "last_check",
    ]
    list_filter = ["system", "enabled", "region"]
    search_fields = ["name", "slug", "base_url"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "connection_test",
        "webhook_subscription",
        "webhook_endpoint",
        "webhook_username",
        "webhook_secret_set_at",
        "setup_notes",
    ]
    actions = ["check_connection", "rotate_webhook_secret"]

    # --- columns -----------------------------------------------------------------------------
    @admin.display(description="API host")
    def api_host(self, obj):
        return obj.api_base_url

    @admin.display(description="Credentials")
    def credentials_state(self, obj):
        names = [f.name for f in obj.spec.credentials if f.required]
        missing = [n for n in names if not obj.credentials.get(n)]
        return "missing: " + ", ".join(missing) if missing else "set"

    @admin.display(description="Webhook")
    def webhook_state(self, obj):
        if not obj.receives_webhooks:
            return "-"
        if obj.uses_generated_secret:
            return "credentials issued" if obj.webhook_secret_hash else "not issued"
        return "signing secret set" if obj.credentials.get("webhook_secret") else "signing secret missing"

    @admin.display(description="Calls")
    def health(self, obj):
        return health_summary(obj)

    @admin.display(description="Webhook URL to give the system")
    def webhook_endpoint(self, obj):
        return obj.webhook_url if obj.pk and obj.receives_webhooks else "-"

    @admin.display(description="Notes")
    def setup_notes(self, obj):
        return obj.spec.notes if obj.system else ""

    # --- the form follows the system -----------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        form = self._form_for(request, obj)
        creds = [n for n in form.base_fields if n.startswith(("cred_", "clear_"))]
        sets = [n for n in form.base_fields if n.startswith("setting_")]
        main = ["system", "name", "slug", "region", "base_url", "enabled", "notification_email"]
        fieldsets = [
            (None, {"fields": main}),
            (
                "Credentials",
                {"fields": creds, "description": "Secrets are encrypted at rest and never shown again after saving."},
            ),
        ]
        fieldsets.append(("Settings", {"fields": [*sets, "settings"]}))
        if obj is not None:
            test = "Saving tests the connection: the outcome shows here, and updates by itself."
            fieldsets.insert(0, ("Connection test", {"fields": ["connection_test"], "description": test}))
            hooks = ["webhook_endpoint", "webhook_username", "webhook_secret_set_at", "setup_notes"]
            if obj.spec.register_webhook:
                hooks.insert(0, "webhook_subscription")
            fieldsets.append(("Webhooks", {"fields": hooks}))
        return fieldsets

    def _system(self, request, obj) -> str:
        return obj.system if obj is not None else request.GET.get("system") or request.POST.get("system", "")

    def _form_for(self, request, obj):
        system = self._system(request, obj)
        can_edit = request.user.has_perm("integrations.view_credentials")

        class Form(ConnectionForm):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, system=system, can_edit_credentials=can_edit, **kwargs)

        # ModelAdmin introspects base_fields; build a throwaway instance to learn the dynamic ones.
        Form.base_fields = {**ConnectionForm.base_fields, **Form(instance=obj or Connection(system=system)).fields}
        return Form

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self._form_for(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied  # before the system chooser, which names what the hub connects to
        if self._system(request, None) not in {s.key for s in all_specs()}:
            return TemplateResponse(
                request,
                "admin/integrations/connection/choose_system.html",
                {
                    **self.admin_site.each_context(request),
                    "specs": all_specs(),
                    "opts": self.model._meta,
                    "title": "Add a connection: which system?",
                },
            )
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = connection_set_credentials(connection=obj, values=form.credential_values())
        if changed:
            verb = "replaced or cleared" if change else "saved"
            messages.info(request, f"Credentials {verb} (encrypted): {', '.join(changed)}.")
        # a new connection's webhook credentials are issued here, in the save's transaction
        obj.saved = connection_after_save(connection=obj, created=not change, requested_by=request.user.get_username())

    def response_add(self, request, obj, post_url_continue=None):
        saved = getattr(obj, "saved", None)
        if saved is not None and saved.issued:
            return self._show_secrets(request, [(obj, saved)])
        if "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._to_test(request, obj)

    def response_change(self, request, obj):
        if "_save" in request.POST:  # stay: the test of what was just saved shows on this page
            return self._to_test(request, obj)
        return super().response_change(request, obj)

    def _to_test(self, request, obj):
        messages.success(request, f"Saved {obj}. It is being tested now: see 'Connection test' below.")
        return redirect(reverse("admin:integrations_connection_change", args=[obj.pk]))

    @admin.action(description="Rotate webhook credentials (old ones stop working)", permissions=["rotate"])
    def rotate_webhook_secret(self, request, queryset):
        targets = [c for c in queryset if c.uses_generated_secret]
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/integrations/connection/confirm_rotate.html",
                {
                    **self.admin_site.each_context(request),
                    "targets": targets,
                    "opts": self.model._meta,
                    "title": "Rotate webhook credentials?",
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        user = request.user.get_username()
        issued = [(c, connection_rotate_webhook_secret(connection=c, requested_by=user)) for c in targets]
        return self._show_secrets(request, issued)

    def has_rotate_permission(self, request):
        return request.user.has_perm("integrations.rotate_webhook_secret")

    def _show_secrets(self, request, issued):
        """The webhook credentials, once; where the system is emulated, a button that carries them to
        its sandbox page's webhook form in a POST body (never in a URL)."""
        rows = []
        for conn, saved in issued:
            username, secret = saved.issued
            rows.append(
                {
                    "conn": conn,
                    "username": username,
                    "secret": secret,
                    "subscribes": bool(saved.registration),
                    "sandbox_form": _sandbox_form(conn),
                    "progress_url": reverse("admin:integrations_connection_progress", args=[conn.pk]),
                }
            )
        return TemplateResponse(
            request,
            "admin/integrations/connection/secret_once.html",
            {
                **self.admin_site.each_context(request),
                "issued": rows,
                "opts": self.model._meta,
                "title": "Webhook credentials: copy them now",
            },
        )


def _sandbox_form(conn: Connection) -> str:
    """The sandbox page's webhook form to fill for a connection pointing at an emulator, or ''."""
    if not settings.SANDBOX_ENABLED or conn.spec.register_webhook:  # the hub subscribes itself there
        return ""
    if not conn.api_base_url.startswith(f"{settings.HUB_BASE_URL}/sandbox/"):
        return ""
    try:
        return reverse("sandbox:webhook-fill", args=[conn.system])
    except NoReverseMatch:
        return ""
