"""The badge connector's part of the connection checks. Credly: every active badge mapping's
template still exists in Credly and can issue (is active). Docebo: the course additional field
that says which badge a course earns (COURSE_ADDITIONAL_FIELD) exists as a dropdown, with an
option for every active template. Registered at import (flows.py)."""

from integrations.docebo.payloads import field_options
from integrations.probes import failed, passed, register_connector_probe, skipped
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeMapping
from sync.flows.badges.common import ConnectorNotConfigured, connection_for
from sync.flows.badges.docebo_field import find_field
from sync.models import Flow


def _not_checked_here(name: str, connection, *, flows: tuple[str, ...], flows_off: str):
    """A skipped line when the flows needing this are off, or use another connection of the system."""
    if Flow.objects.filter(key__in=flows, enabled=False).count() == len(flows):
        return skipped(name, flows_off)
    label = connection.get_system_display()
    try:
        used = connection_for(connection.system)
    except ConnectorNotConfigured as exc:
        return skipped(name, f"the badge flows use no single {label} connection: {exc}")
    if used.pk != connection.pk:
        return skipped(name, f"the badge flows use the {label} connection {used.slug!r}, not this one")
    return None


NAME = "Mapped badge templates are active in Credly"
BADGE_FLOWS = ("badges.docebo_to_credly", "badges.credly_to_docebo")


def mapped_templates_active(connection):
    """Mapped badge templates are active in Credly"""
    off = "both badge flows (Docebo -> Credly and Credly -> Docebo) are off"
    if not_ours := _not_checked_here(NAME, connection, flows=BADGE_FLOWS, flows_off=off):
        return not_ours
    mappings = list(BadgeMapping.objects.filter(is_active=True).order_by("badge_template_name", "pk"))
    if not mappings:
        return skipped(NAME, "no badge mapping is active")
    states = {str(t["id"]): t.get("state") for t in connection.client().list_badge_templates()}
    problems = []
    for m in mappings:
        label = m.badge_template_name or m.badge_template_id
        state = states.get(str(m.badge_template_id))
        if state is None:
            problems.append(f"{label}: no longer in Credly")
        elif state != "active":
            problems.append(f"{label}: {state} in Credly")
    if not problems:
        return passed(NAME, f"all {len(mappings)} active mapping(s) name an active Credly template")
    return failed(
        NAME,
        "Badges cannot be issued from these mappings: " + "; ".join(problems) + ".",
        "In Credly, publish (or unarchive) the template; or in Crosswalk, open Lookup tables > Credly badge "
        "mappings and point the row at another template, or turn it off.",
    )


FIELD = "Badge course field exists in Docebo"
FIELD_FLOWS = ("badges.docebo_to_credly", "badges.field_to_docebo")


def badge_course_field(connection):
    """Badge course field exists in Docebo"""
    off = "the Docebo -> Credly flow and the course badge field sync are both off"
    if not_ours := _not_checked_here(FIELD, connection, flows=FIELD_FLOWS, flows_off=off):
        return not_ours
    name = badge_settings().course_additional_field
    field = find_field(connection.client(), name)
    sync_it = (
        "In Crosswalk, open Flows, turn on 'Lookup table -> Docebo: course badge field' and press Run now: it creates "
        f"the dropdown {name!r} with one option per active badge template."
    )
    if field is None:
        detail = f"Docebo has no course additional field named {name!r}: no course can say which badge it earns."
        return failed(FIELD, detail, sync_it)
    if field.get("type") not in (None, "dropdown"):
        detail = f"The course field {name!r} is a {field.get('type')}, not a dropdown."
        fix = (
            "In Docebo (Admin Menu > Course management > Additional fields) rename that field, or in Crosswalk "
            "(Docebo <-> Credly: lookup tables > Badge settings) set COURSE_ADDITIONAL_FIELD to another name; then run "
            "the course badge field sync."
        )
        return failed(FIELD, detail, fix)
    options = {str(o["id"]) for o in field_options(field)}
    missing = [t.name for t in selectors.active_templates() if str(t.dropdown_element_id or "") not in options]
    if missing:
        detail = f"{len(missing)} active badge template(s) have no option in {name!r}: {', '.join(missing[:5])}."
        return failed(FIELD, detail, sync_it)
    return passed(FIELD, f"dropdown {name!r} (field {field['id']}) with {len(options)} option(s)")


register_connector_probe(system="credly", probe=mapped_templates_active)
register_connector_probe(system="docebo", probe=badge_course_field)
