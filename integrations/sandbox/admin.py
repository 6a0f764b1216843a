"""Admin for the sandbox's fault switches and the webhooks its emulators sent.

Registered by `IntegrationsConfig.ready()` only when SANDBOX_ENABLED is on: a production hub has
the tables (they are migrations of the `integrations` app) but no emulators to switch.
"""

from django.contrib import admin

from integrations.sandbox.models import SandboxDelivery, SandboxFault


@admin.register(SandboxFault)
class SandboxFaultAdmin(admin.ModelAdmin):
    list_display = ["system", "latency_ms", "error_rate", "error_status", "fail_next", "timeout_rate"]
    list_filter = ["system", "error_status"]
    search_fields = ["system"]


@admin.register(SandboxDelivery)
class SandboxDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "system", "event_type", "status_code", "attempts", "display_url"]
    list_filter = ["system", "status_code", "created_at"]
    search_fields = ["event_type", "url", "body"]
    readonly_fields = [f.name for f in SandboxDelivery._meta.fields if f.name != "url"] + ["display_url"]
    exclude = ["url"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
