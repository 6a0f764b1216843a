"""Admin of the screening lookup tables, and the setup checklist page (Certn's iCIMS setup guide)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path

from mappings.screening.models import CheckPackage, ScreeningSettings, StageOrder
from mappings.screening.services import setup_checklist


@admin.register(CheckPackage)
class CheckPackageAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "certn_package_id", "for_ats_use", "tags"]
    list_filter = ["region", "for_ats_use"]
    search_fields = ["name", "certn_package_id", "description", "tags"]
    fieldsets = [
        (None, {"fields": ["name", "certn_package_id", "region", "for_ats_use"]}),
        ("About the package", {"fields": ["description", "tags"]}),
    ]


class StageOrderInline(admin.TabularInline):
    model = StageOrder
    extra = 1
    fields = ["status_id", "status_name", "package", "enabled"]


@admin.register(ScreeningSettings)
class ScreeningSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report_url_type", "default_group_name", "stage_count", "updated_at"]
    list_filter = ["report_url_type", "certn_connection__region"]
    search_fields = ["icims_connection__name", "certn_connection__name", "default_group_name", "default_group_id"]
    inlines = [StageOrderInline]
    fieldsets = [
        ("Connections", {"fields": ["icims_connection", "certn_connection"]}),
        ("What iCIMS shows", {"fields": ["report_url_type"]}),
        ("Where checks land in Certn", {"fields": ["default_group_id", "default_group_name"]}),
        ("When an order fails", {"fields": ["notification_email"]}),
    ]

    @admin.display(description="Stages mapped")
    def stage_count(self, obj):
        return obj.stage_orders.filter(enabled=True).count()

    def get_urls(self):
        setup = path("setup/", self.admin_site.admin_view(self.setup_view), name="screening_setup")
        return [setup, *super().get_urls()]

    def setup_view(self, request):
        steps = setup_checklist()
        context = {
            **self.admin_site.each_context(request),
            "title": "iCIMS -> Certn: setup checklist",
            "steps": steps,
            "done": sum(s.done for s in steps),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "screening/setup.html", context)


@admin.register(StageOrder)
class StageOrderAdmin(admin.ModelAdmin):
    list_display = ["status_id", "status_name", "package", "settings", "enabled"]
    list_filter = ["enabled", "package__region", "package", "settings"]
    search_fields = ["status_id", "status_name", "package__name", "package__certn_package_id"]
    list_select_related = ["package", "settings__icims_connection", "settings__certn_connection"]
