"""CSV shapes of the compliance lookup tables (see mappings/imports.py for how an import behaves).

- Stage triggers: known by ATS connection (slug) and status id; connections by slug.
- Field mappings: known by ATS connection (slug, blank for every ATS account), direction,
  Credentially field and ATS field. The transform's options are three readable columns, as in
  the form: `date_format`, `value_map` (one "FROM -> TO" per line) and `value_default`.
"""

from django.core.exceptions import ValidationError
from import_export import fields

from mappings.compliance.forms import FieldMappingForm, StageTriggerForm
from mappings.compliance.models import FieldMapping, StageTrigger, Transform
from mappings.compliance.models.lookups import ATS_SYSTEMS
from mappings.imports import ConnectionWidget, LookupResource

ARROW = "->"


class StageTriggerResource(LookupResource):
    ats_connection = fields.Field(
        attribute="ats_connection", column_name="ats_connection", widget=ConnectionWidget(*ATS_SYSTEMS)
    )
    credentially_connection = fields.Field(
        attribute="credentially_connection",
        column_name="credentially_connection",
        widget=ConnectionWidget("credentially"),
    )
    picked = StageTriggerForm.picked

    class Meta:
        model = StageTrigger
        fields = StageTriggerForm.Meta.fields  # a sheet's columns are the form's fields
        import_id_fields = ["ats_connection", "status"]


def value_map_text(mapping: dict) -> str:
    return "\n".join(f"{source} {ARROW} {target}" for source, target in (mapping or {}).items())


def value_map_rows(text: str) -> dict:
    """`FROM -> TO` per line (blank lines skipped) into a dict; a line without an arrow is refused."""
    mapping: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        if ARROW not in line:
            raise ValidationError(f"Line {number} of value_map, {line!r}, has no '{ARROW}': write FROM {ARROW} TO.")
        source, target = (part.strip() for part in line.split(ARROW, 1))
        if source in mapping:
            raise ValidationError(f"{source!r} is mapped twice in value_map: keep one line.")
        mapping[source] = target
    return mapping


class FieldMappingResource(LookupResource):
    ats_connection = fields.Field(
        attribute="ats_connection", column_name="ats_connection", widget=ConnectionWidget(*ATS_SYSTEMS)
    )
    is_standard = fields.Field(attribute="is_standard", column_name="is_standard", readonly=True)
    date_format = fields.Field(column_name="date_format")
    value_map = fields.Field(column_name="value_map")
    value_default = fields.Field(column_name="value_default")
    picked = FieldMappingForm.picked

    class Meta:
        model = FieldMapping
        fields = [
            "ats_connection",
            "direction",
            "credentially_field",
            "ats_field",
            "is_custom",
            "transform",
            "date_format",
            "value_map",
            "value_default",
            "is_active",
            "position",
            "is_standard",
        ]
        import_id_fields = ["ats_connection", "direction", "credentially_field", "ats_field"]

    def dehydrate_date_format(self, row: FieldMapping) -> str:
        return (row.transform_options or {}).get("format", "") if row.transform == Transform.DATE else ""

    def dehydrate_value_map(self, row: FieldMapping) -> str:
        return value_map_text((row.transform_options or {}).get("map")) if row.transform == Transform.VALUE_MAP else ""

    def dehydrate_value_default(self, row: FieldMapping) -> str:
        return (row.transform_options or {}).get("default", "") if row.transform == Transform.VALUE_MAP else ""

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        instance.transform = instance.transform or ""
        try:
            instance.transform_options = self._options(instance.transform, row)
        except ValidationError as exc:
            errors["value_map"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # the options are no column of their own: a changed value map alone is a change
        if original is not None and instance.transform_options != original.transform_options:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    @staticmethod
    def _options(kind: str, row) -> dict:
        if kind == Transform.DATE:
            return {"format": str(row.get("date_format") or "").strip()}
        if kind == Transform.VALUE_MAP:
            options: dict = {"map": value_map_rows(str(row.get("value_map") or ""))}
            if str(row.get("value_default") or "").strip():
                options["default"] = str(row["value_default"]).strip()
            return options
        return {}
