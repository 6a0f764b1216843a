"""Flows (their switches and schedules), runs and the record of each entity a run handled."""

from django.db import models
from django.utils import timezone

from sync.models.events import InboundEvent


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
    last_checked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a scheduled run last looked and found nothing to do (such runs are not kept in the runs list).",
    )
    last_check_outcome = models.CharField(
        max_length=255, blank=True, help_text="What that scheduled run found, e.g. 'nothing to do'."
    )

    class Meta:
        ordering = ["key"]
        permissions = [("run_flow", "Can run a flow now"), ("dry_run_flow", "Can dry-run a flow (it writes nothing)")]

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
    message = models.TextField(blank=True, help_text="Why it stopped or paused, if it did, in words, with what to do.")
    error_detail = models.TextField(
        blank=True, help_text="The technical detail of why it stopped or paused: exception, call, status, answer."
    )
    dry = models.BooleanField(
        "dry run",
        default=False,
        db_index=True,
        help_text="A dry run read both systems and wrote nothing: its records say what each entity would have "
        "had done (created, updated, deleted or skipped). Its failed records cannot be replayed.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One batch, Run now or replay run per flow at a time, enforced by the database: two
            # admins clicking Run now together get one run, not two runs issuing the same badges.
            # A dry run writes nothing, so it has its own slot: it never holds off a real run.
            models.UniqueConstraint(
                fields=["flow", "dry"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(trigger="webhook"),
                name="one_active_batch_run_per_flow",
            )
        ]

    def __str__(self) -> str:
        return f"{self.flow.key} {'dry run' if self.dry else 'run'} #{self.pk}"

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
        blank=True, help_text="Why it was skipped or failed, in words, with what to do; the system's own words quoted."
    )
    error_detail = models.TextField(
        blank=True, help_text="The technical detail of a failure: exception, call, status and the system's answer."
    )
    payload = models.JSONField(default=dict, blank=True, help_text="What a replay needs to redo this entity.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.source_ref}: {self.outcome}"
