"""Connections: one account on an external system, with its credentials encrypted at rest."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from integrations.fields import EncryptedJSONField
from integrations.systems import System, WebhookAuth, spec


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

    class Meta:
        ordering = ["system", "name"]
        permissions = [
            ("view_credentials", "Can see that credentials are set and replace them"),
            ("rotate_webhook_secret", "Can rotate a connection's webhook secret"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_system_display()})"

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


class SandboxFault(models.Model):
    """Fault switches of one sandbox emulator: slow it down or make it fail, to see the hub cope."""

    system = models.CharField(
        max_length=20, choices=System.choices, unique=True, help_text="The emulator these switches apply to."
    )
    latency_ms = models.PositiveIntegerField(default=0, help_text="Added to every API call of the emulator.")
    error_rate = models.PositiveSmallIntegerField(
        default=0, help_text="Percent of API calls answered with the error status below (0 to 100)."
    )
    error_status = models.PositiveSmallIntegerField(
        default=503,
        choices=[(429, "429 Too Many Requests"), (500, "500"), (502, "502"), (503, "503")],
        help_text="Status of injected errors. 429 carries the Retry-After below.",
    )
    retry_after_seconds = models.PositiveIntegerField(default=1, help_text="Retry-After sent with an injected 429.")
    fail_next = models.PositiveIntegerField(default=0, help_text="Answer the next N API calls with the error status.")
    timeout_rate = models.PositiveSmallIntegerField(default=0, help_text="Percent of API calls that hang.")
    hang_seconds = models.PositiveIntegerField(default=35, help_text="How long a hanging call hangs.")

    class Meta:
        verbose_name = "sandbox fault switch"

    def __str__(self) -> str:
        return f"faults of the {self.get_system_display()} sandbox"


class SandboxDelivery(models.Model):
    """A webhook an emulator sent (or tried to send) to the hub, shown on the sandbox pages."""

    system = models.CharField(
        max_length=20, choices=System.choices, db_index=True, help_text="The emulator that sent it."
    )
    url = models.URLField(max_length=500, help_text="Where it was sent (the hub's webhook URL).")
    event_type = models.CharField(max_length=100, blank=True, help_text="The event it carried.")
    body = models.TextField(help_text="What was sent.")
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The hub's answer; empty while waiting or when the hub could not be reached."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Tries so far.")
    response = models.TextField(blank=True, help_text="What the hub answered, or why the call failed.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="When the hub accepted it.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "sandbox deliveries"

    def __str__(self) -> str:
        return f"{self.system} {self.event_type} -> {self.status_code}"

    @property
    def display_url(self) -> str:
        """The URL without its query string, which may hold a secret token (Credly)."""
        return self.url.split("?", 1)[0]
