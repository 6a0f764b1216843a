"""Connector probes for a Credentially connection: what the ATS -> Credentially flow assumes of it.

The stage triggers name the Credentially role a new staff member is given; create is refused
(400 "invalid role") for a name Credentially does not have, so each one is checked here, before
a candidate reaches the stage. Registered at import (flows.py imports this module).
"""

from integrations.client.errors import ClientError, Unauthorized
from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.compliance.models import StageTrigger
from sync.flows.compliance.staff_creation import FLOW_KEY
from sync.flows.registry import get_flow
from sync.models import Flow

NAME = "Stage triggers' roles exist in Credentially"


def stage_trigger_roles(connection) -> CheckLine:
    """Stage triggers' roles exist in Credentially"""
    enabled = Flow.objects.filter(key=FLOW_KEY).values_list("enabled", flat=True).first()
    if not (get_flow(FLOW_KEY).enabled_by_default if enabled is None else enabled):
        return skipped(NAME, "the flow that creates staff members from the ATS is switched off")
    triggers = list(StageTrigger.objects.filter(credentially_connection=connection, is_active=True))
    if not triggers:
        return skipped(NAME, "no active stage trigger creates staff members in this Credentially organisation")
    try:
        roles = {r.get("name") for r in connection.client().list_roles()}
    except Unauthorized:
        return skipped(NAME, "not checked: the API key was refused")
    default = connection.setting("default_role") or ""
    wrong = [
        f"'{t.status_label or t.status}' gives '{t.role_name or default or '(no role)'}'"
        for t in triggers
        if (t.role_name or default) not in roles
    ]
    if wrong:
        return failed(
            NAME,
            f"Credentially would refuse these new staff members: {'; '.join(wrong)}. "
            f"Its roles are: {', '.join(sorted(r for r in roles if r)) or 'none'}.",
            "In Crosswalk's admin, open Compliance > Stage triggers and set each trigger's role to one of "
            "Credentially's role names (spelt the same), or ask your Credentially admin to create the role.",
        )
    return passed(NAME, f"{len(triggers)} trigger(s), each with a role Credentially has.")


register_connector_probe(system="credentially", probe=stage_trigger_roles)


WRITABLE = "Custom fields the REST API can write"


def rest_api_custom_fields(connection) -> CheckLine:
    """Custom fields the REST API can write: Credentially's list, read now and kept, so that a write
    naming a field it lacks is refused (400) with the fields it has."""
    from sync.flows.compliance.profile_writes import custom_fields_of

    try:
        fields = custom_fields_of(connection, refresh=True)
    except Unauthorized:
        return skipped(WRITABLE, "not checked: the API key was refused")
    except ClientError as exc:
        return skipped(WRITABLE, f"not checked: Credentially did not answer ({exc})")
    if not fields:
        return passed(WRITABLE, "Credentially lists no custom profile fields: writes take the registration number.")
    return passed(WRITABLE, f"{len(fields)}: {', '.join(sorted(fields))} (kept for checking REST API writes).")


register_connector_probe(system="credentially", probe=rest_api_custom_fields)
