"""Links (the identity map between systems) and failure e-mails waiting to be sent."""

from django.db import models
from django.utils import timezone


class Link(models.Model):
    """The identity map: this object in one system is that object in another.

    `origin` says which side created the other, so a bi-directional flow recognises its own
    writes when they are echoed back; `fingerprint` is a content hash so unchanged data is
    not written again.
    """

    flow_key = models.CharField(max_length=100, db_index=True, help_text="The flow that made the link.")
    object_type = models.CharField(max_length=50, help_text="What is linked, e.g. badge, staff, case.")
    source_system = models.CharField(max_length=20, help_text="The system the linked object was read from.")
    source_id = models.CharField(max_length=255, help_text="Its id there.")
    target_system = models.CharField(max_length=20, help_text="The system it was written to.")
    target_id = models.CharField(max_length=255, db_index=True, help_text="Its id there.")
    origin = models.CharField(max_length=20, help_text="The system where the object first existed.")
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="A hash of what was last written, so unchanged data is not written again."
    )
    data = models.JSONField(
        default=dict, blank=True, help_text="What the flow keeps about the link (dates, report file, claims)."
    )
    state = models.CharField(
        max_length=10,
        choices=[("linked", "Linked"), ("pending", "Pending: being written")],
        default="linked",
        db_index=True,
        help_text="Pending: a worker claimed it and is creating the object in the other system; "
        "linked once the write is confirmed.",
    )
    claimed_by = models.CharField(
        max_length=40, blank=True, help_text="The event or run that holds a pending claim (it may retry it)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a pending claim was taken.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "source_system", "source_id", "target_system"], name="link_unique_source"
            )
        ]
        indexes = [models.Index(fields=["object_type", "target_system", "target_id"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.source_system}:{self.source_id} -> {self.target_system}:{self.target_id}"


class Notification(models.Model):
    """A line waiting to be e-mailed; lines are batched per recipient and flow per interval."""

    recipient = models.EmailField(help_text="Who gets the e-mail.")
    flow_key = models.CharField(max_length=100, blank=True, help_text="The flow whose failures it reports.")
    subject = models.CharField(max_length=200, help_text="The e-mail's subject.")
    line = models.TextField(help_text="The line the e-mail will carry.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When it was e-mailed; empty while it waits for the next batch."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
