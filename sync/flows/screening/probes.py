"""Connection-check lines of the iCIMS -> Certn connector, run for every Certn connection.

- the packages the stage rules order still exist in Certn and are marked for ATS use there;
- with the PDF report type, an iCIMS file field receives the PDF (Certn's PDF links expire).
"""

from integrations.client import NotFound
from integrations.probes import failed, passed, register_connector_probe, skipped
from mappings.screening.models import ReportUrlType, ScreeningSettings, StageOrder

SETTINGS_PAGE = "In Crosswalk, open Screening > Integration settings"


def _settings(connection) -> list[ScreeningSettings]:
    return list(ScreeningSettings.objects.filter(certn_connection=connection).select_related("icims_connection"))


def stage_packages(connection):
    """Stage packages exist in Certn"""
    name = "Packages the iCIMS stages order exist in Certn"
    stages = StageOrder.objects.filter(settings__certn_connection=connection, enabled=True).select_related("package")
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
            "the package that replaced it into Crosswalk's Screening > Check packages.",
        )
    return passed(name, f"{len(wanted)} package(s) found and marked for ATS use.")


def report_storage(connection):
    """Report storage in iCIMS"""
    name = "Reports stay readable from iCIMS"
    settings = _settings(connection)
    if not settings:
        return skipped(name, "No integration settings use this Certn connection.")
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


register_connector_probe(system="certn", probe=stage_packages)
register_connector_probe(system="certn", probe=report_storage)
