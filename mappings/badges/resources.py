"""CSV shapes of the badge lookup tables (see mappings/imports.py for how an import behaves).

- Settings: one row per key (`key`, `value`); values are checked and normalised as in the form.
- Templates: the template sync fills this table, so an import only switches `is_active` of
  templates already here (by `credly_id`); the other columns are exported for reading.
- Mappings: a row is known by its template's Credly id, learning plan id, certification code and
  external-training switch; an import adds rows and switches `is_active` of existing ones.
"""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from mappings.badges.conf import normalise_setting
from mappings.badges.forms import BadgeMappingForm
from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting
from mappings.imports import LookupResource


class IntegrationSettingResource(LookupResource):
    class Meta:
        model = IntegrationSetting
        fields = ["key", "value"]
        import_id_fields = ["key"]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        try:
            instance.value = normalise_setting(instance.key, instance.value or "")
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from None


class BadgeTemplateResource(LookupResource):
    name = fields.Field(attribute="name", column_name="name", readonly=True)
    state = fields.Field(attribute="state", column_name="state", readonly=True)
    dropdown_element_id = fields.Field(attribute="dropdown_element_id", readonly=True)
    synced_at = fields.Field(attribute="synced_at", column_name="synced_at", readonly=True)

    class Meta:
        model = BadgeTemplate
        fields = ["credly_id", "name", "state", "is_active", "dropdown_element_id", "synced_at"]
        import_id_fields = ["credly_id"]

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            raise ValidationError(
                {"credly_id": f"No template {row.get('credly_id')!r} here: templates come from Credly through the "
                "template sync (Flows), an import can only switch 'is_active' of templates already here."}
            )  # fmt: skip
        super().import_instance(instance, row, **kwargs)


class TemplateByCredlyId(widgets.Widget):
    """The template's Credly id, checked against the synced templates."""

    def clean(self, value, row=None, **kwargs):
        credly_id = str(value or "").strip()
        if not BadgeTemplate.objects.filter(credly_id=credly_id).exists():
            raise ValueError(
                f"No badge template {credly_id!r} in the templates table: use a Credly id from the template list "
                "(export it), or run the template sync first."
            )
        return credly_id


class BadgeMappingResource(LookupResource):
    badge_template_id = fields.Field(
        attribute="badge_template_id", column_name="badge_template_id", widget=TemplateByCredlyId()
    )
    badge_template_name = fields.Field(attribute="badge_template_name", readonly=True)
    note = fields.Field(attribute="note", column_name="note", readonly=True)
    picked = BadgeMappingForm.picked

    class Meta:
        model = BadgeMapping
        fields = [
            "badge_template_id",
            "badge_template_name",
            "learning_plan_id",
            "import_as_external_training",
            "certification_code",
            "is_active",
            "note",
        ]
        import_id_fields = [
            "badge_template_id",
            "learning_plan_id",
            "certification_code",
            "import_as_external_training",
        ]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        template = BadgeTemplate.objects.filter(credly_id=instance.badge_template_id).first()
        instance.badge_template_name = template.name if template else instance.badge_template_name
