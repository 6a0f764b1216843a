"""The drift report: what one "Compare" of a connector found where two systems disagree.

A compare is a run of the connector's compare flow; its report lists one difference per
disagreement, which side is right by the integration-master rule, and what "Fix" would do.
A fix is a run of the connector's fix flow, with a record per difference it fixed.
"""

from django.db import models
from django.utils import timezone

from sync.models.runs import Run


class Connector(models.TextChoices):
    BADGES = "badges", "Docebo <-> Credly (badges)"
    COMPLIANCE = "compliance", "Credentially -> iCIMS (compliance)"
    SCREENING = "screening", "Certn -> iCIMS (screening)"


class DriftReport(models.Model):
    """One compare of one connector: how much was compared and what disagreed."""

    connector = models.CharField(
        max_length=20,
        choices=Connector.choices,
        db_index=True,
        help_text="The connector whose two systems were compared.",
    )
    run = models.OneToOneField(
        Run,
        on_delete=models.CASCADE,
        related_name="drift_report",
        help_text="The compare run: its progress, and why it stopped if it did.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the compare finished reading.")
    compared = models.PositiveIntegerField(default=0, help_text="How many things were compared on both sides.")
    found = models.PositiveIntegerField(default=0, help_text="How many differences the compare found.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "drift report"

    def __str__(self) -> str:
        return f"{self.get_connector_display()} compare #{self.pk}"

    @property
    def summary(self) -> str:
        if self.finished_at is None:
            return "comparing..."
        if not self.found:
            return f"clean: {self.compared} compared, both systems agree"
        return f"{self.found} difference(s) in {self.compared} compared"


class DifferenceStatus(models.TextChoices):
    OPEN = "open", "Open"
    QUEUED = "queued", "Fix queued"
    FIXED = "fixed", "Fixed"
    FAILED = "failed", "Fix failed"


class Difference(models.Model):
    """One place where the two systems disagree, which side is right, and its fix."""

    report = models.ForeignKey(
        DriftReport, on_delete=models.CASCADE, related_name="differences", help_text="The compare that found it."
    )
    kind = models.CharField(max_length=60, db_index=True, help_text="What kind of disagreement this is.")
    subject = models.CharField(max_length=255, db_index=True, help_text="Who or what it is about, in plain words.")
    detail = models.TextField(help_text="What each system holds.")
    right_side = models.CharField(
        max_length=40,
        help_text="The system that is right by the integration-master rule: the fix makes the other match.",
    )
    fix = models.CharField(
        max_length=300, blank=True, help_text="What Fix does. Blank: no fix is offered (why is in the detail)."
    )
    data = models.JSONField(default=dict, blank=True, help_text="What the fix needs to find the objects again.")
    status = models.CharField(
        max_length=20,
        choices=DifferenceStatus.choices,
        default=DifferenceStatus.OPEN,
        db_index=True,
        help_text="Fixed: the fix ran (its run's records say what it wrote); compare again to confirm.",
    )
    fix_run = models.ForeignKey(
        Run,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fixed_differences",
        help_text="The run that fixed it (or tried to).",
    )
    fix_message = models.TextField(blank=True, help_text="Why the fix failed, if it did.")

    class Meta:
        ordering = ["report", "kind", "subject"]

    def __str__(self) -> str:
        return self.kind.replace("_", " ")
