"""RunContext: what a flow handler gets to read its run, record entities and report progress."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from integrations.client.errors import ClientError, TransientError
from sync.models import Outcome, Record, Run, RunStatus
from sync.services.explain import explain, with_next_step
from sync.services.notifications import notify_flow_failure

logger = logging.getLogger("crosswalk.sync")

_COUNTER = {
    Outcome.CREATED: "created",
    Outcome.UPDATED: "updated",
    Outcome.DELETED: "updated",
    Outcome.UNCHANGED: "skipped",
    Outcome.SKIPPED: "skipped",
    Outcome.FAILED: "failed",
}


class RunContext:
    """Handed to every handler. Counters and records are buffered and flushed in bulk."""

    dry = False  # a dry run's context (sync/services/dry_context.py): writes are recorded, not made

    def __init__(self, run: Run, definition, event=None):
        self.run, self.definition, self.event = run, definition, event
        self.connection = event.connection if event is not None else None
        self.checkpoint: dict = dict(run.checkpoint or {})
        self._records: list[Record] = []
        self._counts = dict.fromkeys(("read", "created", "updated", "skipped", "failed"), 0)
        self._slice_ends = time.monotonic() + settings.RUN_SLICE_SECONDS

    # --- recording ---------------------------------------------------------------------
    def read(self, n: int = 1) -> None:
        self._counts["read"] += n

    def record(
        self,
        *,
        source_ref: str,
        action: str,
        outcome: str,
        target_ref: str = "",
        message: str = "",
        payload: dict | None = None,
        detail: str = "",
    ) -> None:
        """Buffer a record. A skip or failure an admin can act on gets what to do added to its
        message (explain.with_next_step); `detail` is the technical detail of a failure. Nobody is
        e-mailed per record: the run's failure line quotes its failed records."""
        self._counts[_COUNTER[outcome]] += 1
        if outcome in (Outcome.SKIPPED, Outcome.FAILED):
            message = with_next_step(message)
        self._records.append(
            Record(
                run=self.run,
                source_ref=str(source_ref)[:255],
                target_ref=str(target_ref)[:255],
                action=action,
                outcome=outcome,
                message=message,
                payload=payload or {},
                error_detail=detail,
            )
        )
        if len(self._records) >= 200:
            self.flush()

    def skip(
        self, reason: str, *, source_ref: str, action: str, target_ref: str = "", payload: dict | None = None
    ) -> None:
        """Record that nothing was done for this entity, and why (shown to admins on the run)."""
        self.record(
            source_ref=source_ref,
            action=action,
            outcome=Outcome.SKIPPED,
            target_ref=target_ref,
            message=reason,
            payload=payload,
        )

    def entity(self, *, source_ref: str, action: str, fn, payload: dict | None = None):
        """Run `fn()` for one entity; a failure is recorded and the run goes on.

        Transient errors (a vendor's outage or rate limit) and our own database's errors are
        re-raised: they are outages, not this entity's failure, so the whole run or event is
        retried later rather than every remaining entity failing one by one.
        """
        try:
            return fn()
        except (TransientError, DatabaseError):
            raise
        except Exception as exc:  # a refusal, or a bug in one entity: it must not stop the others
            if not isinstance(exc, ClientError):
                logger.exception("entity_failed flow=%s ref=%s", self.definition.key, source_ref)
            explained = explain(exc)
            self.record(
                source_ref=source_ref,
                action=action,
                outcome=Outcome.FAILED,
                message=explained.final,
                payload=payload,
                detail=explained.detail,
            )
        return None

    @property
    def owner(self) -> str:
        """Who holds a link claim taken in this context: the event, or the batch run."""
        return f"event:{self.event.pk}" if self.event is not None else f"run:{self.run.pk}"

    # --- progress and resumption ------------------------------------------------------------
    def progress(self, *, done: int | None = None, total: int | None = None, advance: int = 0) -> None:
        if total is not None:
            self.run.progress_total = total
        if done is not None:
            self.run.progress_done = done
        self.run.progress_done += advance

    def save_checkpoint(self, **values) -> None:
        """Persist where a batch has got to (with the records so far), so a crash resumes here."""
        self.checkpoint.update(values)
        self.flush()

    def should_yield(self) -> bool:
        """True when this slice of a batch has used its time: save a checkpoint and return True."""
        return time.monotonic() > self._slice_ends

    def notify(self, line: str, *, recipient: str = "", subject: str = "") -> None:
        notify_flow_failure(
            flow_key=self.definition.key, line=line, definition=self.definition, recipient=recipient, subject=subject
        )

    def settle_unsaved(self, now) -> list[Record]:
        """Give a run that was never saved its final counts and status; returns its records.

        The caller inserts the runs and records of a whole batch at once.
        """
        for k, v in self._counts.items():
            setattr(self.run, k, getattr(self.run, k) + v)
        self.run.status = RunStatus.FAILED if self.run.failed else RunStatus.SUCCEEDED
        self.run.finished_at, self.run.checkpoint = now, self.checkpoint
        records, self._records = self._records, []
        self._counts = dict.fromkeys(self._counts, 0)
        return records

    def flush(self) -> None:
        """Write buffered records and counts; a run not yet saved (webhook runs) is inserted."""
        if self.run.pk is None:
            for k, v in self._counts.items():
                setattr(self.run, k, getattr(self.run, k) + v)
            self.run.checkpoint = self.checkpoint
            self.run.save()
            for record in self._records:
                record.run = self.run
        else:
            counts = {k: F(k) + v for k, v in self._counts.items() if v}
            Run.objects.filter(pk=self.run.pk).update(
                **counts,
                checkpoint=self.checkpoint,
                progress_done=self.run.progress_done,
                progress_total=self.run.progress_total,
                lease_until=timezone.now() + timezone.timedelta(seconds=settings.EVENT_LEASE_SECONDS),
            )
            for k, v in self._counts.items():
                setattr(self.run, k, getattr(self.run, k) + v)
        if self._records:
            Record.objects.bulk_create(self._records)
            self._records = []
        self._counts = dict.fromkeys(self._counts, 0)
