"""Admin for the badge lookup tables: settings typed per key, templates read-only but for
"is active", mappings with the synced templates offered by name."""

from django import forms
from django.contrib import admin

from mappings.badges import course_badges_admin  # noqa: F401  (registers the "Course badges" page)
from mappings.badges.conf import KIND, MASTERS, SETTING_HELP, normalise_setting
from mappings.badges.forms import BadgeMappingForm
from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting
from mappings.badges.resources import BadgeMappingResource, BadgeTemplateResource, IntegrationSettingResource
from mappings.forms import PickerAdminMixin
from mappings.imports import LookupImportExportMixin

BOOL_CHOICES = [("true", "true"), ("false", "false")]
MASTER_CHOICES = [
    ("", "(blank) both ways"),
    ("docebo", "docebo: only Docebo -> Credly"),
    ("credly", "credly: only Credly -> Docebo"),
]


class IntegrationSettingForm(forms.ModelForm):
    class Meta:
        model = IntegrationSetting
        fields = ["key", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.instance.key if self.instance.pk else None
        field = self.fields["value"]
        if key:
            self.fields["key"].disabled = True
            field.help_text = SETTING_HELP.get(key, "")
        kind = KIND.get(key)
        if kind == "boolean":
            field.widget = forms.Select(choices=BOOL_CHOICES)
        elif kind == "master":
            field.widget = forms.Select(choices=[c for c in MASTER_CHOICES if c[0] in MASTERS])
        elif kind == "date":
            field.widget = forms.DateInput(attrs={"type": "date"})
        elif kind == "email":
            field.widget = forms.EmailInput()

    def clean_value(self):
        key = self.cleaned_data.get("key") or self.instance.key
        try:
            return normalise_setting(key, self.cleaned_data.get("value", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(IntegrationSetting)
class IntegrationSettingAdmin(LookupImportExportMixin, admin.ModelAdmin):
    resource_classes = [IntegrationSettingResource]
    form = IntegrationSettingForm
    list_display = ["key", "value", "meaning", "updated_at"]
    list_filter = ["integration", "key"]
    search_fields = ["key", "value"]

    @admin.display(description="What it means")
    def meaning(self, obj):
        return obj.meaning

    def has_delete_permission(self, request, obj=None):
        return False  # every key must exist; a migration created them all


@admin.register(BadgeTemplate)
class BadgeTemplateAdmin(LookupImportExportMixin, admin.ModelAdmin):
    resource_classes = [BadgeTemplateResource]
    import_creates_rows = False  # the template sync adds templates; an import switches "is active"
    list_display = ["name", "credly_id", "state", "is_active", "dropdown_element_id", "synced_at"]
    list_filter = ["is_active", "state"]
    list_editable = ["is_active"]
    search_fields = ["name", "credly_id"]
    readonly_fields = ["credly_id", "name", "state", "dropdown_element_id", "synced_at"]
    fields = ["credly_id", "name", "state", "is_active", "dropdown_element_id", "synced_at"]

    def has_add_permission(self, request):
        return False  # filled by the template sync (flow "Credly -> lookup table: badge templates")


@admin.register(BadgeMapping)
class BadgeMappingAdmin(LookupImportExportMixin, PickerAdminMixin, admin.ModelAdmin):
    resource_classes = [BadgeMappingResource]
    form = BadgeMappingForm
    list_display = [
        "badge_template_name",
        "learning_plan_id",
        "import_as_external_training",
        "certification_code",
        "is_active",
        "note",
    ]
    list_filter = ["is_active", "import_as_external_training"]
    search_fields = ["badge_template_name", "badge_template_id", "learning_plan_id", "certification_code"]
    readonly_fields = ["note"]
