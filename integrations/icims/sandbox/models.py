"""State of the iCIMS sandbox emulator: customers, people, jobs, recruiting workflows, files.

These rows are the emulated vendor's database, not the hub's. Profile data lives in a JSON
`fields` dict keyed by iCIMS web-service field ids (`firstname`, `field174226`, `bgcresults`...)
because iCIMS tenants define their own fields and PATCH accepts any of them (contract §2.2).
"""

from django.db import models


class Customer(models.Model):
    customer_id = models.CharField(max_length=20, unique=True, help_text="The number in /customers/{id}/.")
    name = models.CharField(max_length=100, help_text="The customer's company name.")
    api_username = models.CharField(max_length=100, help_text="Username of the API (integration) user.")
    api_password = models.CharField(max_length=100, help_text="Password of the API user (sandbox only).")
    api_client_id = models.CharField(
        max_length=100, blank=True, help_text="OAuth 2.0 client id iCIMS issued for the integration (blank: none)."
    )
    api_client_secret = models.CharField(
        max_length=100, blank=True, help_text="That OAuth client's secret (sandbox only)."
    )
    api_user_person_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The person shown as the recruiter who moved a candidate."
    )
    max_body_bytes = models.PositiveIntegerField(
        default=10 * 1024 * 1024, help_text="Largest request body accepted; bigger ones get 413."
    )
    custom_fields = models.JSONField(
        default=dict, blank=True, help_text="Tenant fields per profile type: people -> {field174226: label}."
    )
    file_fields = models.JSONField(
        default=dict, blank=True, help_text="Person file fields: field id -> label, e.g. resume -> Resume."
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_id})"


class Status(models.Model):
    """A node of the tenant's recruiting workflow status list (D... defaults, C... customer-made)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="statuses")
    node_id = models.CharField(max_length=20, help_text="List node id, e.g. C2047.")
    name = models.CharField(max_length=100, help_text="What recruiters see, e.g. Background Check.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "node_id"]
        unique_together = [("customer", "node_id")]

    def __str__(self) -> str:
        return f"{self.name} ({self.node_id})"

    def as_list_value(self) -> dict:
        return {"id": self.node_id, "value": self.name, "formattedvalue": self.name}


class Profile(models.Model):
    """What people, jobs and recruiting workflows share (abstract: each has a table of its own)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    fields = models.JSONField(default=dict, blank=True, help_text="Field id -> value, as the API returns it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Person(Profile):
    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'Last, First', as iCIMS shows a person in profile links."""
        return ", ".join(p for p in (self.fields.get("lastname"), self.fields.get("firstname")) if p)


class Job(Profile):
    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.fields.get("jobtitle", f"job {self.pk}")


class Workflow(Profile):
    """A recruiting (applicant) workflow: one person applying to one job, at one status."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="workflows")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="workflows")
    status = models.ForeignKey(Status, on_delete=models.PROTECT)
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person} -> {self.job} at {self.status.name}"


class File(models.Model):
    """A file in a person's binary field (resume or a tenant's custom file field)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="files")
    field = models.CharField(max_length=50)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("person", "field")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.field})"


class NotificationTarget(models.Model):
    """The Event Notifications page: where status changes are POSTed, and with which Basic login."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="targets")
    slug = models.SlugField(help_text="The hub connection this target belongs to.")
    url = models.URLField(max_length=500, help_text="Vendor URL the event is POSTed to.")
    username = models.CharField(max_length=100, help_text="Basic-auth username sent with each event.")
    password = models.CharField(max_length=200, help_text="Basic-auth password sent with each event.")
    hmac_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Key that signs each event (x-icims-v1-hmac-sha256) when the tenant uses HMAC instead of Basic.",
    )
    trigger_statuses = models.JSONField(default=list, blank=True, help_text="Status node ids that fire an event.")
    repeat = models.PositiveSmallIntegerField(
        default=1, help_text="Send each event this many times (iCIMS may send duplicates; test the hub with 2)."
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        unique_together = [("customer", "slug")]

    def __str__(self) -> str:
        return f"{self.slug} -> {self.url}"
