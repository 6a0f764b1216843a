"""The badge connector's part of the Credly connection check: every active badge mapping's
template still exists in Credly and can issue (is active). Registered at import (flows.py)."""

from integrations.probes import failed, passed, register_connector_probe, skipped
from mappings.badges.models import BadgeMapping
from sync.flows.badges.common import ConnectorNotConfigured, connection_for
from sync.models import Flow

NAME = "Mapped badge templates are active in Credly"
BADGE_FLOWS = ("badges.docebo_to_credly", "badges.credly_to_docebo")


def mapped_templates_active(connection):
    """Mapped badge templates are active in Credly"""
    if Flow.objects.filter(key__in=BADGE_FLOWS, enabled=False).count() == len(BADGE_FLOWS):
        return skipped(NAME, "both badge flows (Docebo -> Credly and Credly -> Docebo) are off")
    try:
        used = connection_for("credly")
    except ConnectorNotConfigured as exc:
        return skipped(NAME, f"the badge flows use no single Credly connection: {exc}")
    if used.pk != connection.pk:
        return skipped(NAME, f"the badge flows use the Credly connection {used.slug!r}, not this one")
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


register_connector_probe(system="credly", probe=mapped_templates_active)
