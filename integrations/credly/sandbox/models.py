"""State of the Credly emulator (not the hub's own data): what a Credly tenant holds.

Organisations with their authorization tokens and webhook URL, badge templates, issued badges
and the event feed. Shapes follow ../shared/contracts/credly.md §3; render.py turns these rows
into Credly's JSON. The app label stays `credly` (apps.py imports this module by name), and this
module imports nothing else of the sandbox package: it is loaded while the apps load.
"""

import uuid

from django.db import models


class TemplateState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class BadgeState(models.TextChoices):
    PENDING = "pending", "Pending (not yet accepted)"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected by the earner"
    REVOKED = "revoked", "Revoked by the issuer"


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, help_text="The issuing organisation's name on Credly.")
    vanity_slug = models.SlugField(max_length=100, help_text="Part of the organisation's public Credly URL.")
    webhook_url = models.URLField(max_length=500, blank=True, help_text="Where Credly POSTs event envelopes.")
    webhook_events = models.JSONField(
        default=list,
        blank=True,
        help_text="Events ticked under Developers > Webhooks (newer tenants); empty: every event (older tenants).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Credly sandbox organisation"

    def __str__(self) -> str:
        return self.name


class AuthorizationToken(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=100, unique=True, help_text="Sent as the HTTP Basic username.")
    description = models.CharField(max_length=200, blank=True)
    read_enabled = models.BooleanField(default=True)
    write_enabled = models.BooleanField(default=True)
    delete_enabled = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Credly tokens live 180 days.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Credly sandbox authorization token"

    def __str__(self) -> str:
        return self.description or "authorization token"


class Template(models.Model):
    """A badge template (named `Template` so it is not taken for the lookup table `badges.BadgeTemplate`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=TemplateState.choices, default=TemplateState.DRAFT)
    public = models.BooleanField(default=True)
    allow_duplicate_badges = models.BooleanField(default=False)
    skills = models.JSONField(default=list, blank=True)
    reporting_tags = models.JSONField(default=list, blank=True)
    expires_in_days = models.PositiveIntegerField(null=True, blank=True, help_text="Default expiry of its badges.")
    state_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Credly sandbox badge template"

    def __str__(self) -> str:
        return self.name


class IssuedBadge(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="badges")
    # Credly refuses to delete a template that has badges (emulated in the views), hence PROTECT.
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="badges")
    state = models.CharField(max_length=10, choices=BadgeState.choices, default=BadgeState.PENDING)
    recipient_email = models.EmailField()
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    issuer_earner_id = models.CharField(max_length=200, blank=True, db_index=True)
    locale = models.CharField(max_length=10, default="en")
    public = models.BooleanField(default=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    state_updated_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replacement"
    )
    suppress_notifications = models.BooleanField(default=False)
    evidence = models.JSONField(default=list, blank=True)
    user_id = models.UUIDField(null=True, blank=True, help_text="The earner's Credly account once claimed.")
    # "<template>:<email>" while the badge is live and its template refuses duplicates, else empty:
    # unique, so two concurrent issues of one badge to one earner cannot both succeed (as in Credly).
    live_guard = models.CharField(max_length=300, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_at", "-created_at"]
        verbose_name = "Credly sandbox issued badge"

    def __str__(self) -> str:
        return f"{self.template.name} for {self.recipient_email}"

    @property
    def replacement_badge(self):
        try:
            return self.replacement
        except IssuedBadge.DoesNotExist:
            return None


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=100)
    occurred_at = models.DateTimeField()
    resource = models.JSONField(help_text='Snapshot as of the event: {"badge": {...}} or {"badge_template": {...}}.')

    class Meta:
        ordering = ["-occurred_at", "id"]
        verbose_name = "Credly sandbox event"

    def __str__(self) -> str:
        return f"{self.event_type} {self.id}"


class OAuthApplication(models.Model):
    """An OAuth client-credentials application of the organisation (contract §1.3)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="oauth_applications")
    name = models.CharField(max_length=200)
    client_id = models.CharField(max_length=100, unique=True)
    client_secret = models.CharField(max_length=100)

    class Meta:
        verbose_name = "Credly sandbox OAuth application"

    def __str__(self) -> str:
        return self.name


class AccessToken(models.Model):
    """A bearer token handed out by POST /oauth/token."""

    application = models.ForeignKey(OAuthApplication, on_delete=models.CASCADE, related_name="access_tokens")
    token = models.CharField(max_length=100, unique=True)
    scope = models.CharField(max_length=300, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "Credly sandbox OAuth access token"

    def __str__(self) -> str:
        return f"access token of {self.application}"
