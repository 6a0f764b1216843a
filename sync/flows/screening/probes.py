"""Connection-check lines of the iCIMS -> Certn connector.

For every Certn connection:
- the packages the stage rules order still exist in Certn and are marked for ATS use there;
- with the PDF report type, an iCIMS file field receives the PDF (Certn's PDF links expire).

For every iCIMS connection: the collection that background-check results are written to
(settings `screening_profile` / `screening_collection`) exists in the tenant's schema, with the
columns the write-back fills when the schema lists them, and the report file field exists.
"""

from integrations.client import NotFound
from integrations.icims.client_screening import SCREENING_DEFAULTS
from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.screening.models import ReportUrlType, ScreeningSettings, StageOrder
from mappings.screening.selectors import region_of, settings_using_certn
from mappings.screening.services import settings_for_icims
from sync.flows.screening.status import STATUS_FLOW
from sync.services.runs import flow_row

SETTINGS_PAGE = "In Crosswalk, open iCIMS <-> Certn: lookup tables > Screening settings"


def _settings(connection) -> list[ScreeningSettings]:
    return settings_using_certn(connection=connection)


def stage_packages(connection):
    """Stage packages exist in Certn"""
    name = "Packages the iCIMS stages order exist in Certn"
    stages = StageOrder.objects.filter(
        settings__in=_settings(connection), package__region=region_of(connection), enabled=True
    ).select_related("package")
    wanted = {str(s.package.certn_package_id): s.package.name for s in stages}
    if not wanted:
        return skipped(name, "No iCIMS stage orders a package from this Certn connection.")
    try:
        found = {str(p.get("id")): p for p in connection.client().list_packages()}
    except NotFound:
        return skipped(
            name,
            "Certn's API does not list packages for this account. In Certn, open Packages and check that "
            f"these exist and are marked for ATS use: {', '.join(sorted(wanted.values()))}.",
        )
    missing = sorted(n for pid, n in wanted.items() if pid not in found)
    not_ats = sorted(n for pid, n in wanted.items() if pid in found and not found[pid].get("use_in_ats"))
    if missing or not_ats:
        problems = ([f"not found in Certn: {', '.join(missing)}"] if missing else []) + (
            [f"not marked for ATS use: {', '.join(not_ats)}"] if not_ats else []
        )
        return failed(
            name,
            f"Orders from iCIMS would be refused. Packages {'; '.join(problems)}.",
            "In Certn, open Packages: switch on 'Mark this package for ATS use' on each package, or copy the id of "
            "the package that replaced it into Crosswalk's iCIMS <-> Certn: lookup tables > Check packages.",
        )
    return passed(name, f"{len(wanted)} package(s) found and marked for ATS use.")


def report_storage(connection):
    """Report storage in iCIMS"""
    name = "Reports stay readable from iCIMS"
    settings = _settings(connection)
    if not settings:
        return skipped(name, "No screening settings use this Certn connection.")
    lines = []
    for s in settings:
        if s.report_url_type == ReportUrlType.PORTAL:
            lines.append(passed(f"{name} ({s})", "Portal links are written; they do not expire (Certn login needed)."))
        elif s.report_file_field.strip():
            lines.append(passed(f"{name} ({s})", f"Each report PDF is stored in iCIMS field {s.report_file_field}."))
        else:
            lines.append(
                failed(
                    f"{name} ({s})",
                    "The report type is PDF but no iCIMS file field is named, so no PDF is stored; Certn's own PDF "
                    "links expire, so iCIMS only gets the Certn portal link.",
                    f"{SETTINGS_PAGE}, set 'report file field' to the iCIMS candidate file field for the report "
                    "(your iCIMS consultant has its id), or choose the portal report type.",
                )
            )
    return lines


# --- on the iCIMS connection ------------------------------------------------------------------
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


REPORT_FIELD = "Report file field exists"


def screening_fields_exist(connection) -> list[CheckLine]:
    settings = settings_for_icims(connection=connection)
    if settings is None:
        why = "The iCIMS <-> Certn connector has no screening settings for this connection."
        return [skipped(NAME, why), skipped(REPORT_FIELD, why)]
    if not flow_row(STATUS_FLOW).enabled:
        why = "The flow that writes screening results to iCIMS is switched off."
        return [skipped(NAME, why), skipped(REPORT_FIELD, why)]
    client = connection.client()
    profile = connection.setting("screening_profile") or SCREENING_DEFAULTS["screening_profile"]
    collection = connection.setting("screening_collection") or SCREENING_DEFAULTS["screening_collection"]
    properties = client.get_schema(profile).get("properties") or {}
    person = properties if profile == "people" else client.get_schema("people").get("properties") or {}
    return [_collection_line(profile, collection, properties.get(collection)), _report_line(settings, person)]


def _collection_line(profile: str, collection: str, spec) -> CheckLine:
    if not isinstance(spec, dict):
        detail = f"The iCIMS {profile} profile has no field '{collection}', where screening results are written."
        return failed(NAME, detail, FIX)
    items = spec.get("items") if isinstance(spec.get("items"), dict) else {}
    columns = items.get("properties") or {}
    if not columns:
        return passed(NAME, f"'{collection}' exists on {profile} (iCIMS lists no columns for it: not checked).")
    missing = [child for child in CHILDREN if child not in columns]
    if missing:
        return failed(NAME, f"The collection '{collection}' on {profile} has no column {', '.join(missing)}.", FIX)
    return passed(NAME, f"'{collection}' on {profile} has every column the results fill.")


def _report_line(settings: ScreeningSettings, person: dict) -> CheckLine:
    field = (settings.report_file_field or "").strip()
    if settings.report_url_type != ReportUrlType.PDF or not field:
        return skipped(REPORT_FIELD, "No report PDF is stored in iCIMS with these screening settings.")
    if field not in person:
        return failed(
            REPORT_FIELD,
            f"The iCIMS person profile has no field '{field}', where each report PDF is stored.",
            f"{SETTINGS_PAGE}, set 'report file field' to a candidate file field your iCIMS tenant has (your iCIMS "
            "consultant has its id).",
        )
    return passed(REPORT_FIELD, f"Report PDFs go to the person file field '{field}'.")


register_connector_probe(system="certn", probe=stage_packages)
register_connector_probe(system="certn", probe=report_storage)
register_connector_probe(system="icims", probe=screening_fields_exist)
