"""Admin for the connector: stage triggers, field mappings (with a preview), and the synced mirror."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from mappings.compliance.forms import FieldMappingForm, StageTriggerForm
from mappings.compliance.models import (
    AtsCallDay,
    FieldMapping,
    FileStatus,
    StaffDocument,
    StaffDocumentFile,
    StaffRecord,
    StageTrigger,
)
from mappings.compliance.preview import preview_view
from mappings.compliance.resources import FieldMappingResource, StageTriggerResource
from mappings.forms import PickerAdminMixin
from mappings.imports import LookupImportExportMixin
from sync.flows.compliance.services import staff_sync_enqueue
from sync.services.erasure import erasure_preview, erasure_request
from sync.services.runs import FlowNotRunnable


@admin.register(StageTrigger)
class StageTriggerAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    form = StageTriggerForm
    resource_classes = [StageTriggerResource]
    list_display = [
        "__str__",
        "ats_connection",
        "status",
        "credentially_connection",
        "role_name",
        "group_name",
        "is_active",
    ]
    list_filter = ["is_active", "ats_connection", "credentially_connection", "role_name"]
    search_fields = ["status", "status_label", "role_name", "group_name"]
    list_editable = ["is_active"]
    fieldsets = [
        ("When", {"fields": ["ats_connection", "status", "status_label"]}),
        (
            "Create the staff member in",
            {"fields": ["credentially_connection", "role_name", "group_name", "send_invite_email"]},
        ),
        (None, {"fields": ["is_active"]}),
    ]


@admin.register(FieldMapping)
class FieldMappingAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    form = FieldMappingForm
    resource_classes = [FieldMappingResource]
    list_display = [
        "credentially_field",
        "ats_field",
        "direction",
        "transform",
        "ats_connection",
        "is_custom",
        "is_standard",
        "is_active",
        "position",
    ]
    list_filter = ["direction", "is_active", "is_standard", "is_custom", "transform", "ats_connection"]
    search_fields = ["credentially_field", "ats_field"]
    list_editable = ["is_active", "position"]
    change_list_template = "admin/compliance/fieldmapping/change_list.html"

    def get_urls(self):
        from django.urls import path

        extra = [path("preview/", self.admin_site.admin_view(self.preview), name="compliance_fieldmapping_preview")]
        return extra + super().get_urls()

    def preview(self, request):
        return preview_view(self, request)


class StaffDocumentInline(admin.TabularInline):
    model = StaffDocument
    extra = 0
    can_delete = False
    fields = ["type_name", "type_key", "status", "versions", "current_file_id"]
    readonly_fields = fields
    show_change_link = True


@admin.register(StaffRecord)
class StaffRecordAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "compliance_status",
        "role_name",
        "ats_connection",
        "ats_person_id",
        "credentially_connection",
        "last_synced_at",
    ]
    list_filter = ["compliance_status", "credentially_connection", "ats_connection", "role_name"]
    search_fields = ["first_name", "last_name", "email", "profile_id", "ats_person_id", "ats_workflow_id"]
    date_hierarchy = "updated_at"
    inlines = [StaffDocumentInline]
    actions = ["sync_now", "forget"]
    change_list_template = "admin/compliance/staffrecord/change_list.html"  # + "Link by hand"

    def get_urls(self):
        from django.urls import path

        view = self.admin_site.admin_view(self.link_by_hand)
        return [path("link/", view, name="compliance_staffrecord_link"), *super().get_urls()]

    def link_by_hand(self, request):
        if not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        from mappings.compliance.link_by_hand import link_view

        return link_view(self, request)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # staff records are made by the stage-trigger flow

    @admin.action(description="Sync the selected people to the ATS now (queued)", permissions=["sync"])
    def sync_now(self, request, queryset):
        queue_sync(self, request, queryset)

    @admin.action(description="Forget the selected people: erase their data from the hub", permissions=["erase"])
    def forget(self, request, queryset):
        """Confirm first (it cannot be undone), then queue one erasure per person for a worker."""
        people = [{"email": s.email, "names": [f"{s.first_name} {s.last_name}".strip()]} for s in queryset]
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Forget these people?",
                "people": [{**p, **erasure_preview(email=p["email"])} for p in people],
                "hidden": [("action", "forget")]
                + [(admin.helpers.ACTION_CHECKBOX_NAME, pk) for pk in queryset.values_list("pk", flat=True)],
                "cancel_url": request.get_full_path(),
            }
            return TemplateResponse(request, "admin/sync/erasure/forget.html", context)
        done = [
            erasure_request(email=p["email"], names=p["names"], requested_by=request.user, via="admin") for p in people
        ]
        self.message_user(
            request, f"Queued the erasure of {len(done)} person(s); see Sync > Erasures for when it is done."
        )

    def has_erase_permission(self, request):
        return request.user.has_perm("sync.erase_person")

    def has_sync_permission(self, request):
        return may_queue_sync(request)


def may_queue_sync(request) -> bool:
    """Queueing a sync edits nothing by hand, like replaying an event: Mapping editors may, though the
    mirror is read-only to them, to see a mapping change reach the ATS."""
    return request.user.has_perm("sync.replay_event")


def queue_sync(model_admin, request, staff_queryset) -> None:
    """Enqueue one sync-back run per Credentially connection; never runs in the request."""
    profiles = staff_queryset.values_list("credentially_connection_id", "profile_id")
    try:
        runs = staff_sync_enqueue(profiles=profiles)
    except FlowNotRunnable as exc:
        model_admin.message_user(request, f"Not queued: {exc}.", messages.WARNING)
        return
    people = sum(len(run.params["profile_ids"]) for run in runs)
    model_admin.message_user(request, f"Queued {len(runs)} run(s) for {people} person(s); see Sync runs.")


class StaffDocumentFileInline(admin.TabularInline):
    model = StaffDocumentFile
    extra = 0
    can_delete = False
    fields = ["file_id", "version", "file_name", "size", "issued", "expiry", "number", "status", "reason", "ats_ref"]
    readonly_fields = fields


@admin.register(StaffDocument)
class StaffDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type_key", "status", "versions", "updated_at"]
    list_filter = ["status", "type_key"]
    search_fields = ["type_name", "type_key", "document_id", "staff__email", "staff__last_name"]
    inlines = [StaffDocumentFileInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StaffDocumentFile)
class StaffDocumentFileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "size", "issued", "expiry", "number", "status", "reason", "seen_at"]
    list_filter = ["status", "document__type_key", "document__staff__credentially_connection"]
    search_fields = ["file_name", "file_id", "number", "reason", "document__staff__email", "document__staff__last_name"]
    actions = ["send_again"]
    exclude = ["content"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "content"] + ["stored_file"]

    @admin.display(description="Stored file")
    def stored_file(self, obj):
        """Encrypted on disk and without a public URL: the link is the REST API's download."""
        if not obj.content:
            return "-"
        return format_html('<a href="{}">download (REST API)</a>', reverse("api:file-download", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected failed file versions again (queued)", permissions=["sync"])
    def send_again(self, request, queryset):
        failed = queryset.filter(status=FileStatus.FAILED)
        staff_ids = set(failed.values_list("document__staff_id", flat=True))
        reset = failed.update(status=FileStatus.PENDING, sent_at=None, reason="")
        if not reset:
            self.message_user(request, "Only failed versions can be sent again; none selected.", messages.WARNING)
            return
        queue_sync(self, request, StaffRecord.objects.filter(pk__in=staff_ids))

    def has_sync_permission(self, request):
        return may_queue_sync(request)


@admin.register(AtsCallDay)
class AtsCallDayAdmin(admin.ModelAdmin):
    """Read-only: how much of each ATS account's daily call licence the connector used."""

    list_display = ["day", "connection", "calls"]
    list_filter = ["connection", "day"]
    search_fields = ["connection__name", "connection__slug"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
