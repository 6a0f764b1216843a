"""Start a dry run of a batch flow: queued for a worker like Run now, never run in the request.

A dry run reads both systems and writes nothing (see sync/services/dry_context.py). It may run
while the flow is switched off, so a mapping can be checked before the flow is turned on; it is
refused when the flow has no batch, or when the flow's guard says it must not run (the
integration master points the other way), since it would then preview writes that never happen.
It has its own slot beside the flow's real run: neither waits for the other, and one dry run of
a flow at a time.
"""

from django.db import IntegrityError, transaction

from sync.models import RUN_ACTIVE, Run, Trigger
from sync.queue import EXECUTE_RUN, enqueue_on_commit
from sync.services.runs import FlowNotRunnable, flow_row


def dry_run_enqueue(*, flow_key: str, requested_by: str = "") -> Run:
    """Queue a dry run of the flow; FlowNotRunnable says why not."""
    flow = flow_row(flow_key)
    definition = flow.definition
    if definition.batch is None:
        raise FlowNotRunnable("it runs on events only: there is no batch to try")
    reason = definition.blocked_reason()
    if reason:
        raise FlowNotRunnable(reason)
    params = {"requested_by": requested_by} if requested_by else {}
    try:
        with transaction.atomic():
            run = Run.objects.create(flow=flow, trigger=Trigger.MANUAL, dry=True, params=params)
    except IntegrityError:  # the database's one-dry-run-per-flow constraint: someone was first
        active = Run.objects.filter(flow=flow, dry=True, status__in=RUN_ACTIVE).first()
        where = f" (run #{active.pk})" if active else ""
        raise FlowNotRunnable(f"a dry run of this flow is already under way{where}; wait for it to finish") from None
    enqueue_on_commit(EXECUTE_RUN, run.pk)
    return run
