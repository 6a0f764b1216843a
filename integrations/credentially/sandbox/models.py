"""State of the Credentially sandbox emulator (not the hub's data: the hub keeps none of this).

One organisation per API key, its roles and groups, staff profiles with requirements,
documents whose every version keeps its own file, checks, references and the webhook
subscriptions the organisation registered. The API shows only what Credentially shows: a
document's current file and a count of its versions.
"""

import uuid

from django.db import models


def _uuid() -> str:
    return str(uuid.uuid4())


class Organisation(models.Model):
    org_id = models.PositiveIntegerField(unique=True, help_text="Credentially's numeric organisation id.")
    name = models.CharField(max_length=100)
    api_key = models.CharField(max_length=100, unique=True, help_text="Bearer key that sees this organisation.")
    duplicate_percent = models.PositiveSmallIntegerField(
        default=0, help_text="Percent of webhooks sent twice, as Credentially may (contract §3.2)."
    )

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    staff_type = models.CharField(max_length=30, default="CLINICAL")

    class Meta:
        unique_together = [("organisation", "name")]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="groups")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="profiles")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    email = models.EmailField()
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, null=True)
    job_id = models.BigIntegerField(help_text="The job position id (one per role a person holds).")
    job_status = models.CharField(max_length=20, default="INVITED")  # INVITED, ACTIVE, IMPORTED, ARCHIVED
    groups = models.JSONField(default=list, blank=True)  # [{"id", "name"}]
    custom_fields = models.JSONField(default=dict, blank=True)  # shortName -> value (ATS ids live here)
    compliance_status = models.CharField(max_length=20, default="NOT_COMPLIANT")
    registration_number = models.CharField(max_length=40, blank=True)
    registration_type = models.CharField(max_length=10, blank=True)  # NMC, GMC, HCPC
    registration_status = models.CharField(max_length=30, blank=True)
    onboarding_steps = models.JSONField(default=list, blank=True)  # [{"name", "completed", "completedAt"}]
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("organisation", "email")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>"


class Requirement(models.Model):
    TYPES = ["DOCUMENT_TYPE", "INTEGRATION", "REFERENCE_FORM", "TEXT_REQUIREMENT"]

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="requirements")
    key = models.CharField(max_length=40)  # the requirement id of the package template
    type = models.CharField(max_length=20)
    name = models.CharField(max_length=100)
    target = models.CharField(max_length=40, blank=True)  # document type key, check type, or reference form id
    required_count = models.PositiveSmallIntegerField(default=1)
    compliance_status = models.CharField(max_length=20, default="NOT_COMPLIANT")
    tags = models.JSONField(default=list, blank=True)  # [{"key", "group"}]
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("profile", "key")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.compliance_status}"


class Document(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="documents")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    type_key = models.CharField(max_length=40)
    type_name = models.CharField(max_length=100)

    class Meta:
        unique_together = [("profile", "type_key")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.type_name} of {self.profile_id}"


class DocumentFile(models.Model):
    """One version of a document. Every version keeps its own file id and metadata."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    file_id = models.BigIntegerField(unique=True)
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    origin_name = models.CharField(max_length=200)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    issued = models.DateField(null=True, blank=True)
    expiry = models.DateField(null=True, blank=True)
    number = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=30, default="AWAITING_APPROVAL")  # APPROVED, DECLINED, EXPIRED
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return f"file {self.file_id} ({self.origin_name})"


class DbsCheck(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="dbs_checks")
    certificate_number = models.CharField(max_length=20)
    status = models.CharField(max_length=30, default="UNKNOWN")
    level = models.CharField(max_length=20, default="Enhanced")
    print_date = models.DateField(null=True, blank=True)
    request_attempts = models.PositiveSmallIntegerField(default=1)
    last_check_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"DBS {self.certificate_number}: {self.status}"


class RightToWork(models.Model):
    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, related_name="right_to_work")
    status = models.CharField(max_length=20, default="MISSING")  # OK, EXPIRED, MISSING
    passed = models.BooleanField(default=False)
    validity_type = models.CharField(max_length=20, default="PERMANENT")
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"right to work: {self.status}"


class Reference(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="references")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    title = models.CharField(max_length=100, default="Employment reference")
    status = models.CharField(max_length=20, default="MISSING")  # OK, EXPIRED, MISSING
    source_status = models.CharField(max_length=30, default="REQUESTED")  # REQUESTED, APPROVED
    referee_name = models.CharField(max_length=100)
    referee_email = models.EmailField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"reference from {self.referee_name}: {self.status}"


class Subscription(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="subscriptions")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    callback_url = models.URLField(max_length=500)
    webhook_name = models.CharField(max_length=50)
    password = models.CharField(max_length=50)  # sandbox only: the real vendor keeps it, so must we
    event_types = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.webhook_name} -> {self.callback_url}"


class Placement(models.Model):
    """An employee at a location in a placement role, with dates (contract §2.3)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="placements")
    public_id = models.CharField(max_length=40, default=_uuid, unique=True)
    role_public_id = models.CharField(max_length=40)
    location_public_id = models.CharField(max_length=40)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    approval_due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, default="PENDING")  # PENDING, ACTIVE, COMPLETED, CANCELLED
    package_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"placement {self.public_id}: {self.status}"
