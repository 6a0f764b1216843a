"""Connections: one account on an external system, with its credentials encrypted at rest."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from integrations.fields import EncryptedJSONField
from integrations.systems import System, WebhookAuth, spec
from integrations.webhook_connections import connections_changed


class ConnectionQuerySet(models.QuerySet):
    """Every bulk write tells intake's per-process cache (integrations/webhook_connections.py)."""

    def update(self, **kwargs):
        connections_changed()
        return super().update(**kwargs)

    def delete(self):
        connections_changed()
        return super().delete()


class Connection(models.Model):
    system = models.CharField(max_length=20, choices=System.choices, help_text="Which product this account is on.")
    name = models.CharField(max_length=100, help_text="A name people recognise, e.g. 'Certn Canada'.")
    slug = models.SlugField(
        unique=True,
        help_text="Short id used in this connection's webhook URL (/hooks/SLUG/). Changing it breaks that URL.",
    )
    region = models.CharField(
        max_length=20,
        blank=True,
        help_text="Region or environment of the account; picks the API host (Certn: CA, UK or AU each have their own).",
    )
    base_url = models.URLField(
        blank=True,
        help_text="API base URL. Leave blank to use the region's standard host; set it to point at a sandbox.",
    )
    credentials = EncryptedJSONField(
        blank=True, default=dict, editable=False, help_text="Secrets for calling the system. Encrypted at rest."
    )
    settings = models.JSONField(
        blank=True, default=dict, help_text="Settings that are not secret (customer id, organisation id, file limits)."
    )
    enabled = models.BooleanField(default=True, help_text="Off: webhooks answer 404 and no flow calls this system.")
    notification_email = models.EmailField(
        blank=True, help_text="Who is told when this connection's events fail for good. Blank: the flow's address."
    )
    webhook_username = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Username the system uses to call Crosswalk."
    )
    webhook_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    webhook_secret_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["system", "name"]
        permissions = [
            ("view_credentials", "Can see that credentials are set and replace them"),
            ("rotate_webhook_secret", "Can rotate a connection's webhook secret"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_system_display()})"

    def save(self, *args, **kwargs):
        connections_changed()  # a disable or a new secret applies to every web process at once
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        connections_changed()
        return super().delete(*args, **kwargs)

    @property
    def alert_address(self) -> str:
        """Where news about the connection itself goes (a failing check, a paused connection)."""
        return self.notification_email or settings.DEFAULT_FROM_EMAIL

    @property
    def spec(self):
        return spec(self.system)

    @property
    def api_base_url(self) -> str:
        if self.base_url:
            return self.base_url.rstrip("/")
        hosts = self.spec.hosts
        return hosts.get(self.region or self.spec.default_region, hosts[self.spec.default_region]).rstrip("/")

    @property
    def webhook_url(self) -> str:
        return settings.HUB_BASE_URL + reverse("sync:webhook", args=[self.slug])

    @property
    def receives_webhooks(self) -> bool:
        return self.spec.webhook_auth != WebhookAuth.NONE

    @property
    def uses_generated_secret(self) -> bool:
        return self.spec.webhook_auth in (WebhookAuth.BASIC, WebhookAuth.BEARER, WebhookAuth.URL_TOKEN)

    def credential(self, name: str, default: str = "") -> str:
        return self.credentials.get(name, default)

    def setting(self, name: str, default=None):
        return self.settings.get(name, default)

    def clean(self) -> None:
        if self.region and self.region not in self.spec.hosts:
            raise ValidationError({"region": f"Choose one of: {', '.join(self.spec.hosts)}."})

    def client(self):
        from integrations.systems import client_class

        return client_class(self.system)(self)


class ConnectionCheck(models.Model):
    """One run of a connection's check: the probes' checklist, kept to show the last outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="checks", help_text="The connection checked."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
        help_text="Passed: no line failed (skipped lines say why they did not apply).",
    )
    requested_by = models.CharField(max_length=150, blank=True, help_text="Who asked for it, or the command.")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the last probe answered.")
    lines = models.JSONField(default=list, blank=True, help_text="The checklist: name, status, detail, fix.")

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"check of {self.connection} ({self.get_status_display()})"

    @property
    def failed_lines(self) -> list[dict]:
        return [line for line in self.lines if line.get("status") == "failed"]


class WebhookRegistration(models.Model):
    """The hub subscribing itself to a system's webhooks (Credentially), done by a worker.

    The webhook password is issued in the request and shown once; the worker needs it for the
    vendor's subscription call. The queue carries only this row's id: the password waits here,
    encrypted, and is erased as soon as the worker has used it (whatever the outcome).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Subscribing"
        DONE = "done", "Subscribed"
        FAILED = "failed", "Failed"

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="registrations", help_text="The connection subscribed."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True, help_text="Where it stands."
    )
    username = models.CharField(max_length=64, help_text="The webhook username the system will call with.")
    secret = EncryptedJSONField(
        blank=True, default=dict, editable=False, help_text="The new password, encrypted, until the worker used it."
    )
    message = models.TextField(blank=True, help_text="The outcome in words, with what to do if it failed.")
    detail = models.TextField(blank=True, help_text="The technical detail of a failure.")
    then_check = models.ForeignKey(
        ConnectionCheck,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The connection check to run once subscribed (it checks the subscription too).",
    )
    requested_by = models.CharField(max_length=150, blank=True, help_text="Who saved or rotated.")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the system answered.")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"webhook subscription of {self.connection} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
