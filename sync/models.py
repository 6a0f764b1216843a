"""Inbox, flows, runs, records, links and queued notifications: the hub's memory.

The database row is the truth; the queue only nudges. Status sets follow NetBox's jobs:
statuses still in progress and finished ones are grouped so sweeps and filters stay simple.
"""

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
    last_error = models.TextField(blank=True, help_text="The last error, or why it was held, ignored or not handled.")
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


class Flow(models.Model):
    """The database side of a flow registered in code: its switch and its schedule."""

    key = models.CharField(max_length=100, unique=True, editable=False)
    name = models.CharField(max_length=200, editable=False)
    enabled = models.BooleanField(default=True, help_text="Off: events are kept as 'held' and runs are refused.")
    schedule_cron = models.CharField(
        max_length=100,
        blank=True,
        help_text="When the batch runs, as cron ('0 2 * * *' is 02:00 daily). Blank: only on demand or by webhook.",
    )
    schedule_timezone = models.CharField(max_length=64, default="UTC", help_text="Time zone the cron is read in.")
    notification_email = models.EmailField(blank=True, help_text="Who hears about this flow's failures.")

    class Meta:
        ordering = ["key"]
        permissions = [("run_flow", "Can run a flow now")]

    def __str__(self) -> str:
        return self.name

    @property
    def definition(self):
        """The flow as declared in code (its `FlowDefinition` in the registry)."""
        from sync.flows.registry import get_flow

        return get_flow(self.key)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Finished with failures"
    ERRORED = "errored", "Errored (stopped by a bug or an outage)"
    CANCELLED = "cancelled", "Cancelled"


RUN_ACTIVE = {RunStatus.QUEUED, RunStatus.RUNNING}


class Trigger(models.TextChoices):
    WEBHOOK = "webhook", "Webhook"
    SCHEDULE = "schedule", "Schedule"
    MANUAL = "manual", "Manual (Run now)"
    REPLAY = "replay", "Replay"


class Run(models.Model):
    """One execution of a flow, with its counts and progress."""

    flow = models.ForeignKey(
        Flow, on_delete=models.CASCADE, related_name="runs", help_text="The flow this run belongs to."
    )
    trigger = models.CharField(
        max_length=20,
        choices=Trigger.choices,
        help_text="What started it: a webhook, the schedule, an admin's Run now, or a replay of failed records.",
    )
    event = models.ForeignKey(
        InboundEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        help_text="The event it handled, for webhook runs.",
    )
    status = models.CharField(
        max_length=20,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
        help_text="Finished with failures: some entities failed (see the records below; replay them). "
        "Errored: the run stopped on an outage or a bug.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When a worker started it.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it finished.")
    lease_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A worker holds it until then; after that the sweep resumes it from its checkpoint.",
    )
    read = models.PositiveIntegerField(default=0, help_text="Entities read from the source system.")
    created = models.PositiveIntegerField(default=0, help_text="Objects created in the target system.")
    updated = models.PositiveIntegerField(default=0, help_text="Objects updated (or deleted) in the target system.")
    skipped = models.PositiveIntegerField(
        default=0, help_text="Entities left alone: unchanged, or nothing to do (the record says why)."
    )
    failed = models.PositiveIntegerField(
        default=0, help_text="Entities that failed; the record has the system's message and can be replayed."
    )
    progress_done = models.PositiveIntegerField(default=0, help_text="Entities handled so far.")
    progress_total = models.PositiveIntegerField(null=True, blank=True, help_text="Entities to handle, when known.")
    checkpoint = models.JSONField(default=dict, blank=True, help_text="Where a batch resumes after a crash.")
    params = models.JSONField(default=dict, blank=True, help_text="What the run was asked to do.")
    message = models.TextField(blank=True, help_text="Why it errored or paused, if it did.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One batch, Run now or replay run per flow at a time, enforced by the database: two
            # admins clicking Run now together get one run, not two runs issuing the same badges.
            models.UniqueConstraint(
                fields=["flow"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(trigger="webhook"),
                name="one_active_batch_run_per_flow",
            )
        ]

    def __str__(self) -> str:
        return f"{self.flow.key} run #{self.pk}"

    @property
    def progress_percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    UNCHANGED = "unchanged", "Unchanged"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"
    REPLAYED = "replayed", "Failed, then replayed"


class Record(models.Model):
    """What a run did to one entity: read, written, skipped (and why) or failed (and why)."""

    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="records", help_text="The run that handled the entity."
    )
    source_ref = models.CharField(max_length=255, db_index=True, help_text="The entity in the source system.")
    target_ref = models.CharField(max_length=255, blank=True, help_text="The entity written in the target system.")
    action = models.CharField(max_length=50, help_text="What the flow set out to do, e.g. issue_badge.")
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, db_index=True, help_text="What happened to the entity."
    )
    message = models.TextField(
        blank=True, help_text="Why it was skipped or failed, in the system's words where it gave any."
    )
    payload = models.JSONField(default=dict, blank=True, help_text="What a replay needs to redo this entity.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.source_ref}: {self.outcome}"


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
