"""The only writers of the badge lookup tables (settings, templates, mappings)."""

from django.db import transaction
from django.utils import timezone

from mappings.badges.conf import DEFAULTS, normalise_setting
from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting


def setting_set(*, key: str, value: str) -> IntegrationSetting:
    """Store one setting (validated and normalised); ValueError carries the admin-readable reason."""
    row, _ = IntegrationSetting.objects.update_or_create(
        integration="CREDLY", key=key, defaults={"value": normalise_setting(key, value)}
    )
    return row


def settings_ensure_defaults() -> int:
    """Create the rows that are missing, with their defaults; returns how many were added."""
    have = set(IntegrationSetting.objects.filter(integration="CREDLY").values_list("key", flat=True))
    missing = [IntegrationSetting(integration="CREDLY", key=k, value=v) for k, v in DEFAULTS.items() if k not in have]
    IntegrationSetting.objects.bulk_create(missing)
    return len(missing)


def template_upsert(*, credly_id: str, name: str, state: str) -> tuple[BadgeTemplate, str]:
    """Bring one Credly template into the table; returns (row, "created" | "updated" | "unchanged").

    An archived (or draft) template is turned off; one that becomes active again is turned
    back on; an active one keeps the admin's own on/off choice.
    """
    row = BadgeTemplate.objects.filter(credly_id=credly_id).first()
    now = timezone.now()
    if row is None:
        row = BadgeTemplate.objects.create(
            credly_id=credly_id, name=name, state=state, is_active=state == "active", synced_at=now
        )
        return row, "created"
    is_active = row.is_active if state == "active" and row.state == "active" else state == "active"
    changed = (row.name, row.state, row.is_active) != (name, state, is_active)
    row.name, row.state, row.is_active, row.synced_at = name, state, is_active, now
    row.save(update_fields=["name", "state", "is_active", "synced_at"])
    if changed:
        BadgeMapping.objects.filter(badge_template_id=credly_id).update(badge_template_name=name)
    return row, "updated" if changed else "unchanged"


@transaction.atomic
def template_delete(*, credly_id: str) -> tuple[str, list[BadgeMapping]]:
    """Remove a template deleted in Credly and turn off its mappings; returns (name, mappings turned off)."""
    row = BadgeTemplate.objects.filter(credly_id=credly_id).first()
    name = row.name if row else credly_id
    if row is not None:
        row.delete()
    mappings = list(BadgeMapping.objects.filter(badge_template_id=credly_id, is_active=True))
    note = f"Turned off on {timezone.now():%Y-%m-%d}: the badge template {name!r} was deleted in Credly."
    BadgeMapping.objects.filter(pk__in=[m.pk for m in mappings]).update(is_active=False, note=note)
    return name, mappings


def template_set_element(*, template: BadgeTemplate, element_id: str) -> bool:
    """Store (or clear, with "") the Docebo dropdown element id; returns whether it changed."""
    if template.dropdown_element_id == (element_id or ""):
        return False
    template.dropdown_element_id = element_id or ""
    BadgeTemplate.objects.filter(pk=template.pk).update(dropdown_element_id=template.dropdown_element_id)
    return True


def mapping_save(*, mapping: BadgeMapping) -> BadgeMapping:
    """Save a mapping, copying its template's current name."""
    template = BadgeTemplate.objects.filter(credly_id=mapping.badge_template_id).first()
    if template is not None:
        mapping.badge_template_name = template.name
    mapping.full_clean()
    mapping.save()
    return mapping
