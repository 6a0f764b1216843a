"""Readers of the lookup tables: which triggers fire, which mapping rows apply and what they produce."""

from dataclasses import dataclass

from django.db.models import Q

from mappings.compliance import transforms
from mappings.compliance.catalogue import object_of
from mappings.compliance.models import Direction, FieldMapping, StageTrigger


def triggers_for(*, ats_connection, status: str) -> list[StageTrigger]:
    return list(
        StageTrigger.objects.filter(ats_connection=ats_connection, status=status, is_active=True).select_related(
            "credentially_connection"
        )
    )


def trigger_statuses(*, ats_connection) -> list[str]:
    return sorted(
        set(StageTrigger.objects.filter(ats_connection=ats_connection, is_active=True).values_list("status", flat=True))
    )


def mappings_for(*, ats_connection, direction: str) -> list[FieldMapping]:
    """Active rows for this ATS account; a row for the account replaces a global row of the same ATS field."""
    rows = FieldMapping.objects.filter(
        Q(ats_connection=ats_connection) | Q(ats_connection__isnull=True), direction=direction, is_active=True
    ).order_by("position", "id")
    chosen: dict[str, FieldMapping] = {}
    for row in rows:
        key = row.ats_field if direction == Direction.TO_ATS else row.credentially_field
        if key not in chosen or row.ats_connection_id is not None:
            chosen[key] = row
    return sorted(chosen.values(), key=lambda r: (r.position, r.id))


@dataclass(frozen=True)
class MappedValue:
    mapping: FieldMapping
    source_value: object
    value: object

    @property
    def object(self) -> str:
        return object_of(self.mapping.credentially_field)


def map_to_ats(*, ats_connection, values: dict, rows: list[FieldMapping] | None = None) -> list[MappedValue]:
    """What each active Credentially -> ATS row would write for these flattened values.

    A batch passes `rows` (read once per run) so 5,000 people do not mean 5,000 queries.
    """
    out = []
    if rows is None:
        rows = mappings_for(ats_connection=ats_connection, direction=Direction.TO_ATS)
    for row in rows:
        source = values.get(row.credentially_field)
        out.append(MappedValue(row, source, transforms.apply(row.transform, row.transform_options, source)))
    return out


def by_object(mapped: list[MappedValue]) -> dict[str, dict]:
    """{object: {ats_field: value}}: the unit the content hash is kept for."""
    grouped: dict[str, dict] = {}
    for item in mapped:
        grouped.setdefault(item.object, {})[item.mapping.ats_field] = item.value
    return grouped


def map_to_credentially(*, ats_connection, ats_fields: dict) -> dict:
    """Custom fields to set on the new Credentially staff member: {custom field name: value}."""
    out = {}
    for row in mappings_for(ats_connection=ats_connection, direction=Direction.TO_CREDENTIALLY):
        value = transforms.apply(row.transform, row.transform_options, ats_fields.get(row.ats_field))
        if value not in (None, ""):
            out[row.credentially_field.removeprefix("custom.")] = value
    return out
