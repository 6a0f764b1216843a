"""The two lookup tables admins edit: stage triggers (phase 1) and field mappings (phase 2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape

from integrations.models import Connection
from mappings.compliance.catalogue import ATS_SOURCE_FIELDS, is_known_source, source_help

# ATS systems this connector can drive; one adapter each in sync/flows/compliance/ats/.
ATS_SYSTEMS = ("icims",)


class StageTrigger(models.Model):
    """When a candidate reaches this ATS stage, create the staff member in Credentially."""

    ats_connection = models.ForeignKey(
        Connection,
        on_delete=models.CASCADE,
        related_name="compliance_triggers",
        limit_choices_to={"system__in": ATS_SYSTEMS},
        verbose_name="ATS connection",
        help_text="The applicant tracking system account whose stage changes are watched.",
    )
    status = models.CharField(
        max_length=64,
        verbose_name="ATS stage / status id",
        help_text="The status that triggers, as the ATS names it (iCIMS: the status node id, e.g. C51877). "
        "Candidates moved to this status are created in Credentially.",
    )
    status_label = models.CharField(
        max_length=120, blank=True, help_text="A readable name for the status, e.g. 'Offer accepted'. For display only."
    )
    credentially_connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="compliance_trigger_targets",
        limit_choices_to={"system": "credentially"},
        verbose_name="Credentially organisation",
        help_text="The Credentially account (one per organisation) the staff member is created in.",
    )
    role_name = models.CharField(
        max_length=120,
        help_text="The Credentially role given to the new staff member, exactly as named in "
        "Credentially (e.g. 'Registered Nurse').",
    )
    group_name = models.CharField(
        max_length=120,
        blank=True,
        verbose_name="organisation group",
        help_text="Optional Credentially group (site or sub-organisation) the staff member joins.",
    )
    send_invite_email = models.BooleanField(
        default=True, help_text="Credentially e-mails the new staff member an invitation to start onboarding."
    )
    is_active = models.BooleanField(default=True, help_text="Off: this stage no longer creates staff members.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ats_connection", "status"]
        constraints = [models.UniqueConstraint(fields=["ats_connection", "status"], name="compliance_trigger_unique")]

    def __str__(self) -> str:
        return f"{self.status_label or self.status} -> {self.role_name}"

    def clean(self) -> None:
        errors = {}
        if self.ats_connection_id and self.ats_connection.system not in ATS_SYSTEMS:
            errors["ats_connection"] = f"Choose an applicant tracking system connection ({', '.join(ATS_SYSTEMS)})."
        if self.credentially_connection_id and self.credentially_connection.system != "credentially":
            errors["credentially_connection"] = "Choose a Credentially connection."
        if errors:
            raise ValidationError(errors)


class Direction(models.TextChoices):
    TO_ATS = "to_ats", "Credentially -> ATS (ongoing)"
    TO_CREDENTIALLY = "to_credentially", "ATS -> Credentially (when the staff member is created)"


class Transform(models.TextChoices):
    NONE = "", "None: copy the value"
    DATE = "date", "Date format"
    VALUE_MAP = "value_map", "Value map"


class FieldMapping(models.Model):
    """One value moved between Credentially and the ATS, optionally transformed."""

    ats_connection = models.ForeignKey(
        Connection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compliance_field_mappings",
        limit_choices_to={"system__in": ATS_SYSTEMS},
        verbose_name="ATS connection",
        help_text="Only for this ATS account. Blank: for every ATS account (the standard rows are blank).",
    )
    # Escaped: the admin renders help texts as HTML and would swallow "custom.<field short name>".
    credentially_field = models.CharField(max_length=120, help_text=escape(source_help()))
    ats_field = models.CharField(
        max_length=120,
        verbose_name="ATS field",
        help_text="The ATS field id (iCIMS: lower-case web-service id such as 'birthdate', or a custom field such "
        "as 'field174226'). For ATS -> Credentially rows also: " + ", ".join(ATS_SOURCE_FIELDS) + ".",
    )
    is_custom = models.BooleanField(
        default=False,
        verbose_name="custom ATS field",
        help_text="Tick when the ATS field is one your organisation added (iCIMS 'fieldNNNNN'), not a standard one.",
    )
    direction = models.CharField(
        max_length=20,
        choices=Direction.choices,
        default=Direction.TO_ATS,
        help_text="Which way the value flows. Credentially is the source of truth after creation.",
    )
    transform = models.CharField(
        max_length=20,
        choices=Transform.choices,
        blank=True,
        default=Transform.NONE,
        help_text="How the value is changed on the way.",
    )
    transform_options = models.JSONField(
        default=dict,
        blank=True,
        help_text='Date format: {"format": "%m/%d/%Y"}. Value map: {"map": {"COMPLIANT": "Cleared"}, '
        '"default": "Pending"} (values not in the map are copied unless a default is given).',
    )
    is_active = models.BooleanField(default=True, help_text="Off: this value is no longer moved.")
    is_standard = models.BooleanField(
        default=False, editable=False, help_text="Shipped with Crosswalk (you may switch it off or change it)."
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Order in the preview (smaller first).")

    class Meta:
        ordering = ["direction", "position", "credentially_field"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats_connection", "direction", "credentially_field", "ats_field"],
                name="compliance_mapping_unique",
            ),
        ]

    def __str__(self) -> str:
        arrow = "->" if self.direction == Direction.TO_ATS else "<-"
        return f"{self.credentially_field} {arrow} {self.ats_field}"

    def clean(self) -> None:
        from mappings.compliance.transforms import TransformError, check_options

        errors = {}
        if self.direction == Direction.TO_ATS and not is_known_source(self.credentially_field):
            errors["credentially_field"] = source_help()
        if self.direction == Direction.TO_CREDENTIALLY and not self.credentially_field.startswith("custom."):
            errors["credentially_field"] = "When creating a staff member only custom fields can be set: custom.<name>."
        try:
            check_options(self.transform, self.transform_options or {})
        except TransformError as exc:
            errors["transform_options"] = str(exc)
        if errors:
            raise ValidationError(errors)
