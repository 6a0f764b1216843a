"""The sandbox's own tables: fault switches per emulator and the webhooks emulators sent.

They belong to the `integrations` app (Django takes the app label from the containing app), so
their migrations stay in `integrations/migrations/`; `IntegrationsConfig` imports this module.
"""

from django.db import models

from integrations.systems import System


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
        verbose_name_plural = "sandbox fault switches"

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


class SandboxVariant(models.Model):
    """A documented way a vendor's API may behave, switched on for one emulator (see each
    emulator's `variants`): the end-to-end stories and the connection check run under each."""

    system = models.CharField(max_length=20, choices=System.choices, help_text="The emulator it applies to.")
    name = models.CharField(max_length=60, help_text="The variant, as the emulator names it.")
    enabled = models.BooleanField(default=False, help_text="On: the emulator behaves this way.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="sandbox_variant_once")]
        verbose_name = "sandbox variant"

    def __str__(self) -> str:
        return f"{self.system} {self.name}: {'on' if self.enabled else 'off'}"
