"""The background checks Crosswalk ordered, one row per Certn case, and the admin's requests about them.

BackgroundCheck is what the admin reads and searches: who, which application and package, the
case in Certn, what Certn and iCIMS show and the report link. The flows keep it up to date (the
identity map itself is the engine's Link). CaseRequest is one "Cancel", "Order again" or
"Refresh this case" asked in the admin, with who asked, why, and what came of it; a worker
carries it out.
"""

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from integrations.models import Connection
from mappings.screening.models.lookups import CheckPackage

# Certn statuses after which a case moves no more (contract certn.md §3.1).
CLOSED_STATUSES = ("COMPLETE", "CANCELLED", "APPLICANT_EXPIRED", "INVITE_UNDELIVERABLE")
# Closed without a result: the application can be ordered again.
ENDED_WITHOUT_RESULT = ("CANCELLED", "APPLICANT_EXPIRED", "INVITE_UNDELIVERABLE")


class PackageSource(models.TextChoices):
    STAGE = "stage", "The stage's package"
    JOB = "job", "The job's package (iCIMS BGCheck Package)"
    AGAIN = "again", "Ordered again by an admin"


class BackgroundCheck(models.Model):
    icims_connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="+", help_text="The iCIMS account of the application."
    )
    workflow_id = models.CharField(max_length=40, help_text="The iCIMS recruiting workflow (the application).")
    person_id = models.CharField(max_length=40, help_text="The candidate's iCIMS person id.")
    job_id = models.CharField(max_length=40, blank=True, help_text="The job's iCIMS id.")
    candidate_name = models.CharField(max_length=200, blank=True, help_text="The candidate's name in iCIMS.")
    email = models.EmailField(blank=True, help_text="Where Certn sent the invitation.")
    job_title = models.CharField(max_length=300, blank=True, help_text="The job's title in iCIMS.")
    job_location = models.CharField(max_length=200, blank=True, help_text="The job's location in iCIMS.")
    status_id = models.CharField(max_length=40, blank=True, help_text="The iCIMS status that ordered the check.")
    package = models.ForeignKey(
        CheckPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="What was ordered."
    )
    package_name = models.CharField(max_length=200, blank=True, help_text="The package's name when it was ordered.")
    package_source = models.CharField(
        max_length=10, choices=PackageSource.choices, default=PackageSource.STAGE, help_text="Who chose the package."
    )
    certn_connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="+", help_text="The Certn account the case lives in."
    )
    region = models.CharField(max_length=20, blank=True, help_text="The Certn region of the case.")
    case_id = models.CharField(max_length=64, verbose_name="Certn case id", help_text="The case's id in Certn.")
    certn_status = models.CharField(max_length=40, blank=True, help_text="The case's status in Certn, last read.")
    icims_status = models.CharField(max_length=40, blank=True, help_text="What iCIMS shows, last written.")
    result = models.CharField(max_length=100, blank=True, help_text="The result column in iCIMS (score or note).")
    report_url = models.URLField(max_length=500, blank=True, help_text="The report link written to iCIMS.")
    report_file = models.CharField(
        max_length=100, blank=True, help_text="The iCIMS file field holding the report PDF, once stored."
    )
    open = models.BooleanField(default=True, help_text="Still moving in Certn (or waiting for its report).")
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="The earlier case of the same application this one was ordered again for.",
    )
    ordered_at = models.DateTimeField(default=timezone.now, help_text="When the case was ordered.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When Crosswalk last changed this row.")

    class Meta:
        ordering = ["-ordered_at"]
        verbose_name = "background check"
        constraints = [models.UniqueConstraint(fields=["certn_connection", "case_id"], name="check_once_per_case")]
        indexes = [models.Index(fields=["icims_connection", "person_id"])]

    def __str__(self) -> str:
        return f"{self.candidate_name or self.email or self.person_id}: {self.package_name} ({self.certn_status})"

    @property
    def can_cancel(self) -> bool:
        return self.certn_status not in CLOSED_STATUSES

    @property
    def can_order_again(self) -> bool:
        return self.certn_status in ENDED_WITHOUT_RESULT and not hasattr(self, "replaced_by")


class RequestAction(models.TextChoices):
    CANCEL = "cancel", "Cancel the case in Certn"
    ORDER_AGAIN = "order_again", "Order again"
    REFRESH = "refresh", "Refresh this case"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class CaseRequest(models.Model):
    check_row = models.ForeignKey(
        BackgroundCheck,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name="background check",
        help_text="The check the request is about.",
    )
    action = models.CharField(max_length=20, choices=RequestAction.choices, help_text="What was asked.")
    reason = models.TextField(blank=True, help_text="Why, in the words of the admin who asked.")
    requested_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked.",
    )
    requested_at = models.DateTimeField(default=timezone.now, help_text="When it was asked.")
    status = models.CharField(
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
        help_text="Pending until a worker has carried it out.",
    )
    message = models.TextField(blank=True, help_text="What came of it, or why it could not be done.")
    done_at = models.DateTimeField(null=True, blank=True, help_text="When a worker finished it.")
    new_check = models.ForeignKey(
        BackgroundCheck,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Order again: the check ordered.",
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "request about a check"
        verbose_name_plural = "requests about checks"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.check_row} ({self.get_status_display()})"
