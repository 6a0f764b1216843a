"""Which package a candidate reaching a stage gets, and which Certn account orders it.

- The stage rows of the status: a row for the job's location wins over the row for every job.
- The job's own package (iCIMS 'BGCheck Package', `bgcpackagetype`, a multi-select list on the
  job: icims.md §2.2) when it names a known check package, by its iCIMS id or its exact name;
  the stage row's package otherwise. A value naming no check package is said on the record,
  and the stage's package is ordered (what happened before jobs could choose).
- A package is ordered from the Certn account of its region: the settings' main connection or
  one of their other regions (a Certn account lives in one region, certn.md §1.1).
"""

from dataclasses import dataclass, field

from integrations.models import Connection
from mappings.screening.models import (
    BackgroundCheck,
    CheckPackage,
    PackageSource,
    ScreeningSettings,
    StageOrder,
    connection_region,
)


@dataclass(frozen=True)
class CertnRoute:
    connection: Connection
    region: str
    group_id: str | None
    group_name: str = ""


def certn_route(*, settings: ScreeningSettings, region: str) -> CertnRoute | None:
    """The Certn account these settings order a package of `region` from, with its default group."""
    if settings.certn_region == region:
        group = str(settings.default_group_id) if settings.default_group_id else None
        return CertnRoute(settings.certn_connection, region, group, settings.default_group_name)
    for other in settings.other_regions.select_related("certn_connection"):
        if other.region == region:
            group = str(other.default_group_id) if other.default_group_id else None
            return CertnRoute(other.certn_connection, region, group, other.default_group_name)
    return None


def settings_using_certn(*, connection: Connection) -> list[ScreeningSettings]:
    """Integration settings ordering from this Certn connection, as main or as another region."""
    qs = ScreeningSettings.objects.select_related("icims_connection", "certn_connection")
    either = qs.filter(certn_connection=connection) | qs.filter(other_regions__certn_connection=connection)
    return list(either.distinct())


@dataclass(frozen=True)
class JobFacts:
    """What the order needs from the iCIMS job: its location and the packages it names."""

    location_id: str = ""
    location_name: str = ""
    packages: tuple[tuple[str, str], ...] = ()  # (list node id, value) of `bgcpackagetype`

    @property
    def location(self) -> str:
        return self.location_name or self.location_id


@dataclass(frozen=True)
class PackageChoice:
    stage: StageOrder | None
    packages: list[CheckPackage] = field(default_factory=list)
    source: str = PackageSource.STAGE
    note: str = ""  # what the admin should know about the choice (unknown job packages)
    skip: str = ""  # why nothing is ordered ("" when something is)


def stage_rows(*, settings: ScreeningSettings, status_id: str) -> list[StageOrder]:
    return list(settings.stage_orders.select_related("package").filter(status_id=status_id, enabled=True))


def _same(a: str, b: str) -> bool:
    return bool(a) and a.strip().casefold() == b.strip().casefold()


def stage_for_job(rows: list[StageOrder], job: JobFacts) -> StageOrder | None:
    for row in rows:
        if row.job_location and (
            _same(row.job_location, job.location_id) or _same(row.job_location, job.location_name)
        ):
            return row
    return next((row for row in rows if not row.job_location), None)


def job_package(node_id: str, value: str, *, prefer_region: str) -> CheckPackage | None:
    """The check package an iCIMS BGCheck Package value names: by iCIMS id, else by exact name;
    of two in different regions (one name used for every country), the stage's region's."""
    found = list(CheckPackage.objects.filter(icims_package_id__iexact=node_id)) if node_id else []
    if not found and value:
        found = [p for p in CheckPackage.objects.filter(name__iexact=value.strip()) if not p.icims_package_id]
    if len(found) > 1:
        found = [p for p in found if p.region == prefer_region]
    return found[0] if len(found) == 1 else None


def package_choice(*, settings: ScreeningSettings, status_id: str, job: JobFacts) -> PackageChoice:
    rows = stage_rows(settings=settings, status_id=status_id)
    stage = stage_for_job(rows, job)
    if stage is None:
        places = ", ".join(sorted(r.job_location for r in rows))
        return PackageChoice(
            None,
            skip=f"status {status_id} orders a check only for jobs at {places}; this job is at "
            f"{job.location or 'no location'}",
        )
    chosen, unknown = [], []
    for node_id, value in job.packages:
        package = job_package(node_id, value, prefer_region=stage.package.region)
        if package is None:
            unknown.append(f"'{value or node_id}'" + (f" ({node_id})" if node_id and value else ""))
        elif package not in chosen:
            chosen.append(package)
    note = (
        f"the job's BGCheck package {', '.join(unknown)} is no check package in Crosswalk (add it under "
        "iCIMS <-> Certn: lookup tables > Check packages with its iCIMS package id)"
        if unknown
        else ""
    )
    if chosen:
        return PackageChoice(stage, chosen, PackageSource.JOB, note=note)
    return PackageChoice(
        stage, [stage.package], PackageSource.STAGE, note=f"{note}; the stage's package was ordered" if note else ""
    )


def open_checks(*, icims_connection: Connection, workflow_id: str) -> list[BackgroundCheck]:
    return list(BackgroundCheck.objects.filter(icims_connection=icims_connection, workflow_id=workflow_id, open=True))


def checks_of_person(*, icims_connection_id: int, person_id: str) -> list[BackgroundCheck]:
    return list(
        BackgroundCheck.objects.filter(icims_connection_id=icims_connection_id, person_id=person_id)
        .select_related("certn_connection", "package", "replaces")
        .prefetch_related("requests__requested_by")
        .order_by("workflow_id", "ordered_at")
    )


def region_of(connection: Connection) -> str:
    return connection_region(connection)
