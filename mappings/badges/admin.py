"""Admin for the badge lookup tables: settings typed per key, templates read-only but for
"is active", mappings with the synced templates offered by name."""

from django import forms
from django.contrib import admin

from mappings.badges.conf import KIND, MASTERS, SETTING_HELP, normalise_setting
from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting

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
class IntegrationSettingAdmin(admin.ModelAdmin):
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
class BadgeTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "credly_id", "state", "is_active", "dropdown_element_id", "synced_at"]
    list_filter = ["is_active", "state"]
    list_editable = ["is_active"]
    search_fields = ["name", "credly_id"]
    readonly_fields = ["credly_id", "name", "state", "dropdown_element_id", "synced_at"]
    fields = ["credly_id", "name", "state", "is_active", "dropdown_element_id", "synced_at"]

    def has_add_permission(self, request):
        return False  # filled by the template sync (flow "Credly -> lookup table: badge templates")


class BadgeMappingForm(forms.ModelForm):
    badge_template_id = forms.ChoiceField(
        label="Badge template", help_text=BadgeMapping._meta.get_field("badge_template_id").help_text
    )

    class Meta:
        model = BadgeMapping
        fields = [
            "badge_template_id",
            "learning_plan_id",
            "import_as_external_training",
            "certification_code",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (t.credly_id, t.name + ("" if t.is_active else " (inactive)"))
            for t in BadgeTemplate.objects.order_by("name")
        ]
        current = self.instance.badge_template_id
        if current and current not in dict(choices):
            choices.append((current, f"{self.instance.badge_template_name or current} (deleted in Credly)"))
        self.fields["badge_template_id"].choices = [("", "---------"), *choices]

    def clean_badge_template_id(self):
        value = self.cleaned_data["badge_template_id"]
        if not BadgeTemplate.objects.filter(credly_id=value).exists():
            raise forms.ValidationError(
                "This badge template is not in the templates table (it may have been "
                "deleted in Credly). Pick another, or run the template sync first."
            )
        return value

    def save(self, commit=True):
        template = BadgeTemplate.objects.get(credly_id=self.cleaned_data["badge_template_id"])
        self.instance.badge_template_name = template.name
        return super().save(commit)


@admin.register(BadgeMapping)
class BadgeMappingAdmin(admin.ModelAdmin):
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
