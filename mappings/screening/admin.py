"""Admin of the screening lookup tables, and the setup checklist page (Certn's iCIMS setup guide)."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path

from mappings.forms import ParentFormSet, PickerAdminMixin
from mappings.imports import LookupExportMixin, LookupImportExportMixin
from mappings.screening.admin_regions import CertnRegionInline
from mappings.screening.forms import CheckPackageForm, ScreeningSettingsForm, StageOrderForm
from mappings.screening.models import CertnGroup, CheckPackage, ScreeningSettings, StageOrder
from mappings.screening.resources import (
    CertnGroupResource,
    CheckPackageResource,
    ScreeningSettingsResource,
    StageOrderResource,
)
from sync.console.checklists.screening import setup_checklist


@admin.register(CheckPackage)
class CheckPackageAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    form = CheckPackageForm
    resource_classes = [CheckPackageResource]
    list_display = ["name", "region", "certn_package_id", "icims_package_id", "for_ats_use", "tags"]
    list_filter = ["region", "for_ats_use"]
    search_fields = ["name", "certn_package_id", "icims_package_id", "description", "tags"]
    fieldsets = [
        (None, {"fields": ["name", "certn_package_id", "region", "for_ats_use", "icims_package_id"]}),
        ("About the package", {"fields": ["description", "tags"]}),
    ]


class StageOrderInline(admin.TabularInline):
    model = StageOrder
    form = StageOrderForm
    formset = ParentFormSet
    extra = 1
    fields = ["status_id", "status_name", "job_location", "package", "enabled"]


@admin.register(ScreeningSettings)
class ScreeningSettingsAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    resource_classes = [ScreeningSettingsResource]
    form = ScreeningSettingsForm
    actions = ["fetch_groups"]
    list_display = ["__str__", "report_url_type", "default_group_name", "stage_count", "updated_at"]
    list_filter = ["report_url_type", "certn_connection__region"]
    search_fields = ["icims_connection__name", "certn_connection__name", "default_group_name", "default_group_id"]
    inlines = [CertnRegionInline, StageOrderInline]
    fieldsets = [
        ("Connections", {"fields": ["icims_connection", "certn_connection"]}),
        ("What iCIMS shows", {"fields": ["report_url_type", "report_file_field"]}),
        ("Where checks land in Certn", {"fields": ["default_group_id", "default_group_name"]}),
        ("When an order fails", {"fields": ["notification_email"]}),
    ]

    @admin.display(description="Stages mapped")
    def stage_count(self, obj):
        return obj.stage_orders.filter(enabled=True).count()

    @admin.action(description="Fetch groups from Certn (for the default group list)")
    def fetch_groups(self, request, queryset):
        from django_q.tasks import async_task

        connections = {s.certn_connection_id for s in queryset}
        connections |= {o.certn_connection_id for s in queryset for o in s.other_regions.all()}
        for pk in connections:  # a call to Certn: a worker makes it, not this request
            transaction.on_commit(lambda pk=pk: async_task("mappings.screening.tasks.refresh_groups", pk))
        self.message_user(
            request,
            f"Fetching the groups of {len(connections)} Certn connection(s); reload this "
            "page's settings in a moment to pick one.",
            messages.SUCCESS,
        )

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
class StageOrderAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    form = StageOrderForm
    resource_classes = [StageOrderResource]
    list_display = ["status_id", "status_name", "job_location", "package", "settings", "enabled"]
    list_filter = ["enabled", "package__region", "package", "settings"]
    search_fields = ["status_id", "status_name", "job_location", "package__name", "package__certn_package_id"]
    list_select_related = ["package", "settings__icims_connection", "settings__certn_connection"]


@admin.register(CertnGroup)
class CertnGroupAdmin(LookupExportMixin, admin.ModelAdmin):
    resource_classes = [CertnGroupResource]
    """Read-only: groups are Certn's, refreshed by 'Fetch groups from Certn'."""

    list_display = ["name", "short_id", "group_id", "certn_connection", "is_active", "fetched_at"]
    list_filter = ["is_active", "certn_connection"]
    search_fields = ["name", "short_id", "group_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from mappings.screening import admin_checks  # noqa: E402, F401  (registers Background checks and their requests)
