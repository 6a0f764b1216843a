"""Connection check lines of the ATS <-> Credentially connector for an iCIMS account: every iCIMS
field the active field mappings write, and the documents' fields, exist on the tenant's person
profile (iCIMS's Schema API), so a row naming a field the tenant lacks fails here, not at sync time.
"""

from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.compliance.models.lookups import Direction
from mappings.compliance.selectors import mappings_for
from sync.flows.compliance.ats.icims import DEFAULTS, NO_COLLECTION
from sync.flows.compliance.sync_back import FLOW_KEY
from sync.services.runs import flow_row

MAPPED = "Mapped iCIMS fields exist"
DOCUMENTS = "Document fields exist"
WHERE = "Crosswalk admin > ATS <-> Credentially: lookup tables > Field mappings"


def mapped_fields_exist(connection) -> list[CheckLine]:
    if not flow_row(FLOW_KEY).enabled:
        why = "The flow 'Credentially -> ATS' is switched off, so nothing is written to iCIMS."
        return [skipped(MAPPED, why), skipped(DOCUMENTS, why)]
    person_fields = {field["id"] for field in connection.client().list_fields("people")}
    return [*_mapping_lines(connection, person_fields), _documents_line(connection, person_fields)]


def _mapping_lines(connection, person_fields: set[str]) -> list[CheckLine]:
    rows = mappings_for(ats_connection=connection, direction=Direction.TO_ATS)
    if not rows:
        return [skipped(MAPPED, "No active field mapping row writes to iCIMS.")]
    missing = [row for row in rows if row.ats_field not in person_fields]
    if not missing:
        return [passed(MAPPED, f"All {len(rows)} fields the field mappings write exist on the iCIMS person profile.")]
    return [
        failed(
            f"{MAPPED}: {row.ats_field}",
            f"The field mapping row '{row}' (#{row.pk}) writes the iCIMS field '{row.ats_field}', which this "
            "iCIMS tenant's person profile does not have.",
            f"In {WHERE}, open the row '{row}' and enter the id of an existing iCIMS person field (ask your iCIMS "
            "consultant for it, e.g. field174226), or switch the row off.",
        )
        for row in missing
    ]


def _documents_line(connection, person_fields: set[str]) -> CheckLine:
    collection = str(connection.setting("documents_collection") or DEFAULTS["documents_collection"]).strip()
    if collection.lower() == NO_COLLECTION:
        wanted = {"documents_file_field": connection.setting("documents_file_field")}
    else:
        wanted = {"documents_collection": collection}
    if connection.setting("documents_allow_links") is not False and collection.lower() == NO_COLLECTION:
        wanted["documents_link_field"] = connection.setting("documents_link_field")
    wanted = {name: str(value or DEFAULTS[name]) for name, value in wanted.items()}
    missing = {name: field for name, field in wanted.items() if field not in person_fields}
    if not missing:
        return passed(DOCUMENTS, f"Documents go to {', '.join(wanted.values())}, which the person profile has.")
    names = ", ".join(f"{field} (setting {name})" for name, field in missing.items())
    return failed(
        DOCUMENTS,
        f"The iCIMS person profile has no {names}, where Credentially documents are written.",
        "On this connection, set the document settings to fields your iCIMS tenant has (ask your iCIMS "
        "consultant for the ids), or write 'none' as the document history field to keep only the newest file.",
    )


register_connector_probe(system="icims", probe=mapped_fields_exist)
