"""Lookup tables of the iCIMS -> Certn background-check connector.

CheckPackage mirrors a Certn package (Certn's API cannot list them, so the admin enters the id
from the package's URL); ScreeningSettings is the integration page of Certn's own iCIMS
connector (report URL type, default group); CertnRegion adds a Certn account in another region
to it (a package is ordered from the account of its region); StageOrder says which iCIMS status
orders which package, for every job or for the jobs at one location.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape

from integrations.models import Connection

REGIONS = [
    ("CA", "Canada / North America"),
    ("UK", "UK / Europe, Middle East, Africa"),
    ("AU", "Australia / Asia Pacific"),
    ("sandbox", "Certn sandbox"),
]


class ReportUrlType(models.TextChoices):
    PDF = "pdf", "PDF report stored in iCIMS (opens without a Certn login)"
    PORTAL = "portal", "Secure Certn portal link (needs a Certn login)"


class CheckPackage(models.Model):
    certn_package_id = models.UUIDField(
        verbose_name="Certn package id",
        # Escaped: the admin renders help texts as HTML and would swallow the <placeholders>.
        help_text=escape(
            "Open the package in Certn and copy the id from its address: "
            "https://client.certn.co/<ca|uk|au>/package/<package id>/"
        ),
    )
    region = models.CharField(
        max_length=20,
        choices=REGIONS,
        default="CA",
        help_text="The Certn region the package was made in; it can only be ordered there.",
    )
    name = models.CharField(max_length=200, help_text="The package's exact full name in Certn (iCIMS is told it).")
    description = models.TextField(blank=True, help_text="What the package checks, for the people choosing it.")
    tags = models.CharField(
        max_length=300, blank=True, help_text="The package's tags in Certn, separated by commas (used for auditing)."
    )
    for_ats_use = models.BooleanField(
        default=True,
        verbose_name="for ATS use",
        help_text="Ticked when 'Mark this package for ATS use' is on in Certn. Only these can be ordered from iCIMS.",
    )
    icims_package_id = models.CharField(
        max_length=40,
        blank=True,
        verbose_name="iCIMS package id",
        help_text="The id of this package in the 'BGCheck Package' list recruiters pick from on an iCIMS job "
        "(e.g. C60001; your iCIMS consultant created it from the name and id you gave). A job that names it "
        "orders this package instead of its stage's. Blank: a job naming the package's exact name orders it.",
    )

    class Meta:
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "certn_package_id"], name="package_once_per_region")]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ScreeningSettings(models.Model):
    icims_connection = models.OneToOneField(
        Connection,
        on_delete=models.PROTECT,
        related_name="screening_settings",
        limit_choices_to={"system": "icims"},
        verbose_name="iCIMS connection",
        help_text="The iCIMS account whose stage changes order checks.",
    )
    certn_connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"system": "certn"},
        verbose_name="Certn connection",
        help_text="The Certn account (and so the region: CA, UK or AU) checks are ordered from. Hiring in more "
        "regions? Add their Certn connections under 'Other Certn regions': each package is ordered from the "
        "account of its own region.",
    )
    report_url_type = models.CharField(
        max_length=10,
        choices=ReportUrlType.choices,
        default=ReportUrlType.PDF,
        verbose_name="report URL type",
        help_text="What iCIMS receives when a check is complete. PDF: Crosswalk downloads the report and stores "
        "the file on the candidate in iCIMS (the report file field below), because the PDF links Certn hands out "
        "expire; the Certn portal link is written too. Portal: only the link to the case in Certn, which never "
        "expires but asks for a Certn login.",
    )
    report_file_field = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="report file field",
        help_text="PDF report type: the iCIMS file field on the candidate (person) that receives the report PDF, "
        "e.g. field60102 (ask your iCIMS consultant for the field id). Blank: no PDF is stored and only the "
        "portal link is written.",
    )
    default_group_id = models.UUIDField(
        null=True,
        blank=True,
        verbose_name="default group id",
        help_text="The Certn group every ordered check is assigned to (Certn: Settings > Groups; the id is in "
        "the group's address). Blank: the account's main group.",
    )
    default_group_name = models.CharField(
        max_length=200, blank=True, help_text="The group's name, to recognise it here."
    )
    notification_email = models.EmailField(
        blank=True, help_text="Who is e-mailed (in one message every few minutes) when an order fails."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "screening settings"  # not "integration settings": badges have their settings too
        verbose_name_plural = "screening settings"

    def __str__(self) -> str:
        return f"{self.icims_connection.name} -> {self.certn_connection.name}"

    def clean(self) -> None:
        if self.certn_connection_id and self.certn_connection.system != "certn":
            raise ValidationError({"certn_connection": "Choose a Certn connection."})
        if self.icims_connection_id and self.icims_connection.system != "icims":
            raise ValidationError({"icims_connection": "Choose an iCIMS connection."})

    @property
    def certn_region(self) -> str:
        return connection_region(self.certn_connection)

    def regions_served(self) -> set[str]:
        """The Certn regions these settings order from: the main connection's and the other regions'."""
        return {self.certn_region, *(connection_region(r.certn_connection) for r in self.other_regions.all())}


def connection_region(connection: Connection) -> str:
    return connection.region or connection.spec.default_region


class StageOrder(models.Model):
    settings = models.ForeignKey(
        ScreeningSettings,
        on_delete=models.CASCADE,
        related_name="stage_orders",
        help_text="The integration these stage rules belong to.",
    )
    status_id = models.CharField(
        max_length=40,
        verbose_name="iCIMS status id",
        help_text="The iCIMS status (stage) that orders the check, as its node id, e.g. C2050. iCIMS must also "
        "send the status-change event for this status to Crosswalk.",
    )
    status_name = models.CharField(max_length=100, blank=True, help_text="The status's name in iCIMS, for people.")
    job_location = models.CharField(
        max_length=200,
        blank=True,
        help_text="Only for jobs at this iCIMS job location: its id (e.g. C70001) or its exact name. Blank: "
        "every job. A row for the job's location wins over the blank row of the same status, so one status can "
        "order a Canadian package for Vancouver jobs and a UK package for London jobs.",
    )
    package = models.ForeignKey(
        CheckPackage,
        on_delete=models.PROTECT,
        related_name="stage_orders",
        limit_choices_to={"for_ats_use": True},
        help_text="The package ordered when a candidate reaches this status, unless the job names its own "
        "(iCIMS 'BGCheck Package'). Its region decides which Certn account orders it.",
    )
    enabled = models.BooleanField(default=True, help_text="Off: candidates reaching this status get no check.")

    class Meta:
        ordering = ["settings", "status_id", "job_location"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "status_id", "job_location"], name="one_package_per_status")
        ]

    def __str__(self) -> str:
        where = f" at {self.job_location}" if self.job_location else ""
        return f"{self.status_name or self.status_id}{where} -> {self.package.name}"

    def clean(self) -> None:
        if not self.package_id:
            return
        if not self.package.for_ats_use:
            raise ValidationError({"package": "Only packages marked for ATS use can be ordered from iCIMS."})
        if not self.settings_id or not self.settings.certn_connection_id:
            return
        regions = self.settings.regions_served()
        if self.package.region not in regions:
            raise ValidationError(
                {
                    "package": f"This package is in Certn {self.package.region}, but the integration orders from "
                    f"Certn {', '.join(sorted(regions))}. Add a Certn {self.package.region} connection under "
                    "'Other Certn regions' and save, then map the package."
                }
            )


class CertnGroup(models.Model):
    """Certn's groups of a connection, fetched on request so the default group is picked from a list."""

    certn_connection = models.ForeignKey(
        Connection,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"system": "certn"},
        verbose_name="Certn connection",
        help_text="The Certn account the group belongs to.",
    )
    group_id = models.UUIDField(help_text="Certn's id of the group.")
    short_id = models.CharField(max_length=40, blank=True, help_text="Certn's short id, e.g. CG_CA_QA2B6GDX525G.")
    name = models.CharField(max_length=200, help_text="The group's name in Certn.")
    is_active = models.BooleanField(default=True, help_text="Inactive groups cannot receive new checks.")
    fetched_at = models.DateTimeField(auto_now=True, help_text="When Crosswalk last read this group from Certn.")

    class Meta:
        ordering = ["certn_connection", "name"]
        verbose_name = "Certn group"
        constraints = [models.UniqueConstraint(fields=["certn_connection", "group_id"], name="group_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.certn_connection.name})"
