"""Dry runs, on the engine side: what a dry run's handlers get, and the scope each slice runs in.

A dry run is a batch run marked `dry`, executed like any other (slice by slice, resumable from
its checkpoint, through the same handlers) with two differences:

- no write reaches another system: the client refuses it before sending
  (integrations/client/dry_run.py) and `DryRunContext.entity` records the entity as what it
  would have become, with the call it would have made. The entity stops there: a second write
  for the same entity is not reached, so it is not listed;
- nothing a slice writes to the hub's own tables is kept (sync/services/dry_scratch.py); its
  records and counters wait in memory and are written once the scratch scope is gone.

On PostgreSQL a slice is shorter than a real run's (SLICE_SECONDS): the rows it wrote stay
locked until it ends, and a real run reaching the same link waits that long. On a copy of an
SQLite file nothing is locked, and a slice is as long as a real run's, which spreads the copy.
"""

import time

from django.conf import settings

from integrations.client.dry_run import DryRunWrite, dry_run
from sync.models import Outcome
from sync.services.context import RunContext
from sync.services.dry_scratch import scratch_database

SLICE_SECONDS = 20
OUTCOME_OF_METHOD = {
    "POST": Outcome.CREATED,
    "PUT": Outcome.UPDATED,
    "PATCH": Outcome.UPDATED,
    "DELETE": Outcome.DELETED,
}
WHOLE_RUN = "(the run itself)"


class DryRunContext(RunContext):
    """A RunContext whose writes are recorded as what they would have been, and nothing else."""

    dry = True

    def __init__(self, run, definition, event=None):
        super().__init__(run, definition, event)
        self._holding = False  # inside the scratch scope: flushing now would be thrown away with it

    def entity(self, *, source_ref: str, action: str, fn, payload: dict | None = None):
        def attempt():
            try:
                return fn()
            except DryRunWrite as write:
                self.would(write, source_ref=source_ref, action=action)
                return None

        return super().entity(source_ref=source_ref, action=action, fn=attempt, payload=payload)

    def would(self, write: DryRunWrite, *, source_ref: str, action: str, note: str = "") -> None:
        """Record the write the entity stopped at; its payload keeps the call for the record's page."""
        self.record(
            source_ref=source_ref,
            action=action,
            outcome=OUTCOME_OF_METHOD.get(write.method, Outcome.UPDATED),
            target_ref=write.path,
            message=write.describe() + note,
            payload={"would": {"system": write.system, "method": write.method, "path": write.path, "body": write.body}},
        )

    def notify(self, line: str, *, recipient: str = "", subject: str = "") -> None:
        """A dry run e-mails nobody (a failure line it records is thrown away with its scratch scope)."""

    def flush(self) -> None:
        if not self._holding:
            super().flush()


def dry_batch(ctx: DryRunContext) -> bool:
    """One slice of a dry run: the flow's batch with writes refused and the hub's tables in scratch.

    Returns True when the slice ran out of time (resumed from the checkpoint, kept in memory and
    written after), False when the batch is done or stopped at a write outside any entity.
    """
    try:
        ctx._holding = True
        with dry_run(), scratch_database(name=f"run-{ctx.run.pk}") as copied:
            seconds = settings.RUN_SLICE_SECONDS if copied else SLICE_SECONDS
            ctx._slice_ends = time.monotonic() + seconds  # counted from here: the copy took its own time
            return bool(ctx.definition.batch(ctx))
    except DryRunWrite as write:  # e.g. creating the Docebo course field: the batch cannot go on without it
        ctx.would(
            write,
            source_ref=WHOLE_RUN,
            action="batch",
            note="; the batch stops at a write that is not one entity's, so what it would do next is not listed",
        )
        return False
    finally:
        ctx._holding = False
