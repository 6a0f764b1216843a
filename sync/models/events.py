"""The inbox: every event a system told us, stored before we answer."""

from django.db import models
from django.utils import timezone

from integrations.models import Connection


class EventStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSING = "processing", "Processing"
    RETRYING = "retrying", "Waiting to retry"
    SUCCEEDED = "succeeded", "Succeeded"
    DEAD = "dead", "Failed for good"
    HELD = "held", "Held: flow disabled"
    UNSUPPORTED = "unsupported", "Unsupported event type"
    IGNORED = "ignored", "Ignored"


EVENT_PENDING = {EventStatus.RECEIVED, EventStatus.PROCESSING, EventStatus.RETRYING}


class InboundEvent(models.Model):
    """One thing a system told us. Stored before we answer; processed once, by dedupe key."""

    connection = models.ForeignKey(
        Connection, on_delete=models.PROTECT, related_name="events", help_text="The account that sent it."
    )
    event_type = models.CharField(
        max_length=100,
        db_index=True,
        help_text="The system's name for what happened, e.g. course.enrollment.completed.",
    )
    external_id = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="Id of the object concerned in the sending system."
    )
    email = models.CharField(max_length=254, blank=True, db_index=True, help_text="Person concerned, if known.")
    dedupe_key = models.CharField(max_length=255, help_text="A repeated delivery carries the same key.")
    payload = models.JSONField(help_text="The event as the system sent it.")
    received_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When Crosswalk stored it, before answering the sender."
    )
    status = models.CharField(
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.RECEIVED,
        db_index=True,
        help_text="Received: waiting for a worker. Waiting to retry: failed, tried again later. "
        "Failed for good: all attempts used; fix the cause and Replay. Held: its flow is disabled.",
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker has tried it.")
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the next try is due (the wait doubles after each failure).",
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker holds it until then; after that the sweep hands it to another."
    )
    claim = models.CharField(
        max_length=32, blank=True, editable=False, db_index=True, help_text="Which worker's batch holds it."
    )
    processed_at = models.DateTimeField(null=True, blank=True, help_text="When processing finished.")
    last_error = models.TextField(
        blank=True,
        help_text="What went wrong last, in words, with what to do; or why it was held, ignored or not handled.",
    )
    error_detail = models.TextField(
        blank=True,
        help_text="The last error's technical detail: exception, call, status and the system's answer.",
    )
    raw = models.BooleanField(
        default=False,
        help_text="Stored as the system sent it, because its shape was not recognised. "
        "Replay reads it again with the current code and, if it is understood now, processes it.",
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["connection", "dedupe_key"], name="event_dedupe")]
        permissions = [("replay_event", "Can replay or ignore events and failed records")]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk}"
