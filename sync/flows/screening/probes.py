"""Connection check line of the iCIMS <-> Certn connector: the collection that background-check
results are written to (settings `screening_profile` / `screening_collection`) exists in the
tenant's schema, with the children the write-back fills when the schema lists them."""

from integrations.icims.client_screening import SCREENING_DEFAULTS
from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.screening.services import settings_for_icims
from sync.flows.screening.status import STATUS_FLOW
from sync.services.runs import flow_row

NAME = "Screening result fields exist"
CHILDREN = (
    "bgcorderid",
    "bgcpackage",
    "bgcorderstatus",
    "bgcresult",
    "bgcreporturl",
    "bgcorderdate",
    "bgccompleteddate",
)
FIX = (
    "Ask your iCIMS consultant where background-check results go (the collection field's id and whether it is "
    "on the person or the recruiting workflow), and enter them on this connection as 'Screening results on' and "
    "'Screening results field'."
)


def screening_fields_exist(connection) -> CheckLine:
    if settings_for_icims(connection=connection) is None:
        return skipped(NAME, "The iCIMS <-> Certn connector has no integration settings for this connection.")
    if not flow_row(STATUS_FLOW).enabled:
        return skipped(NAME, "The flow that writes screening results to iCIMS is switched off.")
    profile = connection.setting("screening_profile") or SCREENING_DEFAULTS["screening_profile"]
    collection = connection.setting("screening_collection") or SCREENING_DEFAULTS["screening_collection"]
    schema = connection.client().get_schema(profile)
    spec = (schema.get("properties") or {}).get(collection)
    if not isinstance(spec, dict):
        detail = f"The iCIMS {profile} profile has no field '{collection}', where screening results are written."
        return failed(NAME, detail, FIX)
    children = ((spec.get("items") or {}).get("properties") or {}) if isinstance(spec.get("items"), dict) else {}
    if not children:
        return passed(
            NAME, f"'{collection}' exists on {profile} (iCIMS lists no columns for it, so they were not checked)."
        )
    missing = [child for child in CHILDREN if child not in children]
    if missing:
        detail = f"The collection '{collection}' on {profile} has no column {', '.join(missing)}."
        return failed(NAME, detail, FIX)
    return passed(NAME, f"'{collection}' on {profile} has every column the results fill.")


register_connector_probe(system="icims", probe=screening_fields_exist)
