"""The mirror: each staff member, document and file version as Crosswalk last saw and sent it."""

from django.db import models

from integrations.models import Connection
from integrations.storage import document_storage


class StaffRecord(models.Model):
    """A Credentially staff member created from (or linked to) an ATS candidate."""

    credentially_connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="staff_records",
        help_text="The Credentially organisation the person is in.",
    )
    profile_id = models.CharField(max_length=64, help_text="The person's profile id in Credentially.")
    ats_connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="ats_staff_records",
        help_text="The ATS account the person came from.",
    )
    ats_person_id = models.CharField(max_length=64, db_index=True, help_text="The candidate's id in the ATS.")
    ats_workflow_id = models.CharField(
        max_length=64, blank=True, help_text="The placement (iCIMS recruiting workflow) that triggered creation."
    )
    ats_job_id = models.CharField(max_length=64, blank=True, help_text="The job in the ATS.")
    first_name = models.CharField(max_length=120, blank=True, help_text="As Credentially holds it.")
    last_name = models.CharField(max_length=120, blank=True, help_text="As Credentially holds it.")
    email = models.EmailField(
        db_index=True, help_text="The staff member's e-mail; it matches ATS candidates to Credentially profiles."
    )
    phone = models.CharField(max_length=40, blank=True, help_text="As Credentially holds it.")
    role_name = models.CharField(max_length=120, blank=True, help_text="Role given in Credentially.")
    compliance_status = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="Overall compliance as Credentially last reported it."
    )
    compliance_tags = models.JSONField(default=list, blank=True, help_text="Why the person is not compliant.")
    values = models.JSONField(
        default=dict, blank=True, help_text="Every mappable value read from Credentially (see the field mapping)."
    )
    requirements = models.JSONField(default=list, blank=True, help_text="Each compliance requirement and status.")
    checks = models.JSONField(default=dict, blank=True, help_text="DBS, right to work, professional registration.")
    references = models.JSONField(default=dict, blank=True, help_text="Reference status and each reference.")
    onboarding = models.JSONField(default=dict, blank=True, help_text="Onboarding checklist progress.")
    custom_fields = models.JSONField(default=dict, blank=True, help_text="Credentially custom profile fields.")
    written_hashes = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Content hash per object last written to the ATS: unchanged objects are not written again.",
    )
    pending_update = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Profile values sent through the REST API, waiting for a worker to write them to Credentially.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text="Last time something about this person changed here."
    )
    last_synced_at = models.DateTimeField(null=True, blank=True, help_text="Last time Credentially was read.")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "staff member"
        constraints = [
            models.UniqueConstraint(fields=["credentially_connection", "profile_id"], name="compliance_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>".strip()


class StaffDocument(models.Model):
    """One document slot of a person in Credentially (e.g. their passport)."""

    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="documents")
    document_id = models.CharField(max_length=64, help_text="The document's id in Credentially.")
    type_key = models.CharField(max_length=80, blank=True, help_text="Credentially document type, e.g. PASSPORT.")
    type_name = models.CharField(max_length=120, blank=True, help_text="The document type, as named in Credentially.")
    status = models.CharField(max_length=40, blank=True, help_text="Approval status in Credentially.")
    versions = models.PositiveIntegerField(default=0, help_text="How many files Credentially says it has had.")
    current_file_id = models.CharField(
        max_length=64, blank=True, help_text="Credentially's id of the document's current file."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["staff", "type_name"]
        constraints = [models.UniqueConstraint(fields=["staff", "document_id"], name="compliance_document_unique")]

    def __str__(self) -> str:
        return f"{self.type_name or self.type_key} of {self.staff}"


class FileStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent to the ATS"
    LINKED = "linked", "Not sent (limit); a link was written instead"
    NOT_SENT = "not_sent", "Not sent (limit); no link field in the ATS"
    FAILED = "failed", "Failed"


class StaffDocumentFile(models.Model):
    """Every file version Crosswalk has seen of a document (Credentially only shows the current one)."""

    document = models.ForeignKey(StaffDocument, on_delete=models.CASCADE, related_name="files")
    file_id = models.CharField(max_length=64, help_text="Credentially's file id of this version.")
    version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Which version of the document this file is, as Credentially counts them (the document's "
        "count of versions when this file was its current one). Missing numbers are versions Credentially's "
        "API never showed the hub: it shows only a document's current file.",
    )
    file_name = models.CharField(max_length=255, blank=True, help_text="The file's name in Credentially.")
    content_type = models.CharField(max_length=100, blank=True, help_text="The file's type, e.g. application/pdf.")
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes.")
    issued = models.DateField(null=True, blank=True, help_text="Issue date on the document.")
    expiry = models.DateField(null=True, blank=True, help_text="Expiry date on the document.")
    number = models.CharField(max_length=120, blank=True, help_text="Document number (read by Credentially's OCR).")
    content = models.FileField(
        upload_to="compliance/files/%Y/%m/",
        storage=document_storage,
        blank=True,
        help_text="The file as downloaded from Credentially, encrypted at rest; only the REST API serves it.",
    )
    status = models.CharField(
        max_length=20,
        choices=FileStatus.choices,
        default=FileStatus.PENDING,
        db_index=True,
        help_text="Whether the file reached the ATS. When it did not, the reason says why; "
        "the action 'Send again' retries failed files.",
    )
    reason = models.TextField(blank=True, help_text="Why the file was not sent (size or type limit, error).")
    ats_ref = models.CharField(max_length=120, blank=True, help_text="Where the file or its link sits in the ATS.")
    seen_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When it reached the ATS.")

    class Meta:
        ordering = ["document", "seen_at", "id"]
        verbose_name = "document file version"
        constraints = [models.UniqueConstraint(fields=["document", "file_id"], name="compliance_file_unique")]

    def __str__(self) -> str:
        return f"{self.file_name or self.file_id} ({self.get_status_display()})"


class PollState(models.Model):
    """When a connection was last polled by a flow, so each connection keeps its own interval."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="compliance_polls")
    flow_key = models.CharField(max_length=100)
    last_polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "flow_key"], name="compliance_poll_unique")]

    def __str__(self) -> str:
        return f"{self.flow_key} on {self.connection}"


class AtsCallDay(models.Model):
    """API calls made to an ATS account on one UTC day: ATS licences meter calls (iCIMS: ~10,000 a day)."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="compliance_call_days")
    day = models.DateField(help_text="UTC day.")
    calls = models.PositiveIntegerField(default=0, help_text="Calls made by the compliance connector that day.")

    class Meta:
        ordering = ["-day"]
        verbose_name = "ATS calls per day"
        verbose_name_plural = "ATS calls per day"
        constraints = [models.UniqueConstraint(fields=["connection", "day"], name="compliance_call_day_unique")]

    def __str__(self) -> str:
        return f"{self.connection} {self.day}: {self.calls}"


class ProfileFieldCatalogue(models.Model):
    """The custom profile fields a Credentially organisation has (its `/api/profile/metadata`), as
    last read: the REST API refuses a write naming a field Credentially does not have."""

    connection = models.OneToOneField(
        Connection, on_delete=models.CASCADE, related_name="profile_field_catalogue", help_text="The organisation."
    )
    fields = models.JSONField(
        default=dict, blank=True, help_text="Each custom field's short name and its JSON schema, as Credentially says."
    )
    read_at = models.DateTimeField(help_text="When Credentially was last asked.")

    class Meta:
        verbose_name = "Credentially custom field list"

    def __str__(self) -> str:
        return f"custom fields of {self.connection}: {', '.join(self.fields) or 'none'}"
