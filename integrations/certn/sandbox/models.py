"""The Certn emulator's tables (never used against the real Certn).

One account per region, as in Certn: each has its own API key, webhook URL and signing secret,
packages, groups and cases, so a case ordered through the UK host lives only in the UK account.

The tables keep the app label `certn` (migrations in integrations/certn/migrations/): apps.py
loads this module while the app registry loads, so it imports nothing else of the sandbox.
"""

import uuid

from django.db import models
from django.utils import timezone


class Account(models.Model):
    region = models.CharField(max_length=20, unique=True, help_text="ca, uk, au or sandbox: the host it answers on.")
    name = models.CharField(max_length=100)
    api_key = models.CharField(max_length=100)
    webhook_url = models.URLField(max_length=500, blank=True, help_text="Where Certn posts events (the hub).")
    webhook_secret = models.CharField(max_length=100, help_text="Signs X-Signature.")
    webhook_verified_at = models.DateTimeField(null=True, blank=True)
    webhook_problem = models.CharField(max_length=300, blank=True)
    step_seconds = models.PositiveIntegerField(
        default=0, help_text="Advance open cases one status every N seconds (0: only by a sandbox action)."
    )

    class Meta:
        verbose_name = "sandbox account"

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"


class Package(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="packages")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    checks = models.JSONField(default=list, help_text="Check-type keys, e.g. CRIMINAL_RECORD_REPORT_1.")
    use_in_ats = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="groups")
    short_id = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="cases")
    short_id = models.CharField(max_length=40)
    email_address = models.EmailField()
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    package = models.ForeignKey(Package, null=True, blank=True, on_delete=models.SET_NULL)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL)
    overall_status = models.CharField(max_length=40, default="CASE_ORDERED")
    overall_score = models.CharField(max_length=20, blank=True, help_text="Blank until COMPLETE.")
    planned_score = models.CharField(max_length=20, default="CLEAR", help_text="Score given on completion.")
    checks = models.JSONField(default=list)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)
    next_step_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.short_id} {self.email_address} {self.overall_status}"


class Invite(models.Model):
    """The invitation e-mail Certn would send the candidate (kept, not sent)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="invites")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    link = models.URLField(max_length=500)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"invite to {self.to}"


class ReportFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_files")
    status = models.CharField(max_length=20, default="PENDING")
    token = models.CharField(max_length=64, help_text="The 'signature' of the pre-signed PDF URL.")
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"report {self.pk} {self.status}"
