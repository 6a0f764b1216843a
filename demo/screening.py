"""Demo lookup tables: the sandbox's packages, screening settings and the Background Check stage."""

from django.conf import settings as django_settings

from integrations.certn.sandbox import models as certn_sandbox
from integrations.certn.sandbox.seed import DEMO_PACKAGE
from integrations.models import Connection
from mappings.screening.models import CertnGroup, CheckPackage, ReportUrlType, ScreeningSettings, StageOrder

REPORT_FILE_FIELD = "field60102"  # the iCIMS sandbox's person file field "Background check report"


def package_from_sandbox(region: str, name: str = DEMO_PACKAGE["name"], icims_package_id: str = "") -> CheckPackage:
    """The emulator's package of a region, entered as an admin would: id, name, tags, ATS use, and
    the id of the iCIMS 'BGCheck Package' value that stands for it (when jobs choose it)."""
    emu = certn_sandbox.Package.objects.filter(account__region=region.lower(), name=name).first()
    if emu is None:
        raise LookupError(f"the Certn sandbox has no package {name!r} in region {region}; seed it first")
    package, _ = CheckPackage.objects.update_or_create(
        region=region,
        certn_package_id=emu.pk,
        defaults={
            "name": emu.name,
            "description": emu.description,
            "tags": ", ".join(emu.tags),
            "for_ats_use": emu.use_in_ats,
            "icims_package_id": icims_package_id,
        },
    )
    return package


def ensure_settings(
    *,
    icims: Connection,
    certn: Connection,
    report_url_type: str = ReportUrlType.PDF,
    report_file_field: str = REPORT_FILE_FIELD,
    status_id: str,
    status_name: str = "",
) -> ScreeningSettings:
    """Settings for the pair, with the region's group as default and `status_id` ordering its package."""
    region = certn.region or "CA"
    group = certn_sandbox.Group.objects.filter(account__region=region.lower()).order_by("name").first()
    if group is not None:  # what 'Fetch groups from Certn' would bring (the demo seeds before the server runs)
        CertnGroup.objects.update_or_create(
            certn_connection=certn, group_id=group.pk, defaults={"short_id": group.short_id, "name": group.name}
        )
    settings, _ = ScreeningSettings.objects.update_or_create(
        icims_connection=icims,
        defaults={
            "certn_connection": certn,
            "report_url_type": report_url_type,
            "report_file_field": report_file_field,
            "default_group_id": group.pk if group else None,
            "default_group_name": group.name if group else "",
            "notification_email": django_settings.DEFAULT_FROM_EMAIL,
        },
    )
    StageOrder.objects.update_or_create(
        settings=settings,
        status_id=status_id,
        defaults={"status_name": status_name, "package": package_from_sandbox(region), "enabled": True},
    )
    return settings


def job_packages_from_sandbox(region: str = "CA") -> list[CheckPackage]:
    """The packages the iCIMS sandbox's jobs choose, entered with their iCIMS list ids."""
    from integrations.icims.sandbox.seed import PACKAGE_BASIC, PACKAGE_HEALTHCARE

    return [
        package_from_sandbox(region, node["value"], icims_package_id=node["id"])
        for node in (PACKAGE_HEALTHCARE, PACKAGE_BASIC)
    ]


def seed() -> None:
    from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK, STATUSES

    icims = Connection.objects.get(slug="icims-sandbox")
    certn = Connection.objects.get(slug="certn-ca")
    package_from_sandbox("UK")  # a second region's package, to show regions in the admin
    job_packages_from_sandbox("CA")  # the jobs' own packages (iCIMS 'BGCheck Package')
    ensure_settings(
        icims=icims, certn=certn, status_id=STATUS_BACKGROUND_CHECK, status_name=STATUSES[STATUS_BACKGROUND_CHECK]
    )
