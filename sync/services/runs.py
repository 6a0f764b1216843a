"""Runs: start, execute in slices, finish, and replay failed records."""

import contextlib
import logging
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from integrations.client.errors import RateLimited, TransientError
from metrics import recorder
from sync.flows.registry import get_flow
from sync.models import RUN_ACTIVE, Flow, Outcome, Record, Run, RunStatus, Trigger
from sync.queue import EXECUTE_RUN, enqueue, enqueue_on_commit
from sync.services.context import RunContext
from sync.services.dry_context import DryRunContext, dry_batch
from sync.services.events import event_replay
from sync.services.explain import PAUSED, explain, run_paused, run_stopped
from sync.services.heartbeat import keep_alive
from sync.services.notifications import run_notify_failure

logger = logging.getLogger("crosswalk.sync")


class FlowNotRunnable(Exception):
    """The flow is disabled, blocked by its guard, or already running; the message says why."""


def _lease() -> timezone.datetime:
    return timezone.now() + timezone.timedelta(seconds=settings.EVENT_LEASE_SECONDS)


def flow_row(key: str) -> Flow:
    definition = get_flow(key)
    row, _ = Flow.objects.get_or_create(
        key=key,
        defaults={
            "name": definition.name,
            "enabled": definition.enabled_by_default,
            "schedule_cron": definition.default_cron,
            "schedule_timezone": definition.default_timezone,
        },
    )
    return row


def run_enqueue(*, flow_key: str, trigger: str, params: dict | None = None) -> Run:
    """Create a queued batch run and nudge a worker after commit. Never runs inline."""
    flow = flow_row(flow_key)
    reason = flow_blocked_reason(flow)
    if reason:
        raise FlowNotRunnable(reason)
    try:
        with transaction.atomic():
            run = Run.objects.create(flow=flow, trigger=trigger, params=params or {})
    except IntegrityError:  # the database's one-run-per-flow constraint: someone was first
        raise FlowNotRunnable(_already_running(flow)) from None
    enqueue_on_commit(EXECUTE_RUN, run.pk)
    return run


def run_request(*, flow_key: str, trigger: str, params: dict | None = None) -> Run:
    """A run that must see what was just written: started now, or, when one is under way, that run
    goes once more when it ends (a queued one has not read anything yet, so it needs nothing)."""
    try:
        return run_enqueue(flow_key=flow_key, trigger=trigger, params=params)
    except FlowNotRunnable:
        active = _active_batch_run(flow_row(flow_key))
        if active is None:
            raise  # disabled or blocked: the reason stands
    if active.status == RunStatus.RUNNING:
        with transaction.atomic():
            fresh = Run.objects.select_for_update().get(pk=active.pk)
            Run.objects.filter(pk=fresh.pk).update(params={**fresh.params, "again": True})
    return active


def _active_batch_run(flow: Flow) -> Run | None:
    return Run.objects.filter(flow=flow, status__in=RUN_ACTIVE, dry=False).exclude(trigger=Trigger.WEBHOOK).first()


def _run_again_if_asked(run: Run) -> None:
    params = Run.objects.filter(pk=run.pk).values_list("params", flat=True).first() or {}
    if run.trigger == Trigger.WEBHOOK or not params.get("again"):
        return
    with contextlib.suppress(FlowNotRunnable):  # switched off meanwhile: its schedule decides
        run_enqueue(
            flow_key=run.flow.key, trigger=run.trigger, params={k: v for k, v in params.items() if k != "again"}
        )


def _already_running(flow: Flow) -> str:
    active = _active_batch_run(flow)
    if active is None:
        return "a run of this flow was starting at the same moment; try again"
    started = timezone.localtime(active.started_at or active.created_at).strftime("%H:%M")
    percent = f", {active.progress_percent}%" if active.progress_percent is not None else ""
    return f"already running, started {started}{percent} (run #{active.pk})"


def flow_blocked_reason(flow: Flow) -> str | None:
    if not flow.enabled:
        return "the flow is disabled"
    return flow.definition.blocked_reason()


def runs_requeue(*, now: datetime | None = None, queued_grace_seconds: int = 60) -> int:
    """Nudge a worker for runs whose worker died (lease ran out) or whose nudge was lost."""
    now = now or timezone.now()
    lost = Run.objects.filter(status=RunStatus.RUNNING, lease_until__lt=now) | Run.objects.filter(
        status=RunStatus.QUEUED, created_at__lt=now - timezone.timedelta(seconds=queued_grace_seconds)
    )
    ids = list(lost.values_list("pk", flat=True))
    for pk in ids:
        enqueue(EXECUTE_RUN, pk)
    return len(ids)


def run_claim(run_id: int) -> Run | None:
    """Take a queued run, or a running one whose worker's lease ran out."""
    now = timezone.now()
    claimable = Run.objects.filter(pk=run_id).filter(status=RunStatus.QUEUED) | Run.objects.filter(
        pk=run_id, status=RunStatus.RUNNING, lease_until__lt=now
    )
    if not claimable.update(status=RunStatus.RUNNING, lease_until=_lease()):
        return None
    run = Run.objects.select_related("flow").get(pk=run_id)
    if run.message.startswith(PAUSED):  # going on again: the pause is history now
        run.message = "Paused earlier: " + run.message.removeprefix(PAUSED)
        Run.objects.filter(pk=run_id).update(message=run.message)
    if run.started_at is None:
        Run.objects.filter(pk=run_id).update(started_at=now)
        run.started_at = now
    return run


def run_execute(*, run_id: int) -> None:
    """Run one slice of a batch; re-enqueue it if it yielded, finish it if it is done."""
    run = run_claim(run_id)
    if run is None:
        return
    definition = get_flow(run.flow.key)
    ctx = DryRunContext(run, definition) if run.dry else RunContext(run, definition)
    try:
        with keep_alive(Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING)):
            if run.dry:
                more = dry_batch(ctx)
            else:
                more = _replay_records(ctx) if run.trigger == Trigger.REPLAY else definition.batch(ctx)
    except RateLimited as exc:
        return _pause(ctx, exc.retry_after, exc)
    except (TransientError, DatabaseError) as exc:  # an outage, theirs or ours: resume later, fail nothing
        return _pause(ctx, settings.EVENT_RETRY_BASE_SECONDS, exc)
    except Exception as exc:
        logger.exception("run_errored run=%s", run.pk)
        explained = explain(exc)
        message = run_stopped(explained, not_finished=not_finished(ctx.run))
        run_close(ctx, status=RunStatus.ERRORED, message=message, detail=explained.detail)
        return None
    if more:
        ctx.flush()
        Run.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, lease_until=None)
        enqueue(EXECUTE_RUN, run.pk)
        return None
    run_close(ctx)


def _pause(ctx: RunContext, seconds: float, exc: Exception) -> None:
    """Keep the checkpoint; the sweep picks the run up again when the lease runs out."""
    ctx.flush()
    until = timezone.now() + timezone.timedelta(seconds=seconds)
    explained = explain(exc)
    Run.objects.filter(pk=ctx.run.pk).update(
        status=RunStatus.RUNNING,
        lease_until=until,
        message=run_paused(explained, until=until),
        error_detail=explained.detail,
    )


def not_finished(run: Run) -> int | None:
    """Entities a run had still to handle when it stopped, when it knew how many it had."""
    return max(0, run.progress_total - run.progress_done) if run.progress_total else None


def run_close(
    ctx: RunContext, *, status: str | None = None, message: str = "", notify: bool = True, detail: str = ""
) -> Run:
    """Finish a run in one transaction: its counts, its records and its status together.

    A webhook run is first written here (it stays unsaved while its handler runs), so a
    processed event costs one commit for its run rather than one per statement. A scheduled run
    that found nothing to do is not kept: its flow notes when it looked (`run_forget_if_idle`).
    """
    run = ctx.run
    with transaction.atomic(savepoint=False):  # inside the caller's transaction when there is one
        ctx.flush()
        status = status or (RunStatus.FAILED if run.failed else RunStatus.SUCCEEDED)
        run.status, run.finished_at, run.message = status, timezone.now(), message or run.message
        run.error_detail = detail or run.error_detail
        Run.objects.filter(pk=run.pk).update(
            status=status,
            finished_at=run.finished_at,
            message=run.message,
            error_detail=run.error_detail,
            lease_until=None,
        )
        _run_again_if_asked(run)
        run_forget_if_idle(run)
    if not run.dry:  # a dry run wrote nothing: it is not counted with the runs that did
        recorder.run_finished(flow=run.flow.key, status=status, started=run.started_at, finished=run.finished_at)
    if notify and not run.dry and status in (RunStatus.FAILED, RunStatus.ERRORED):
        run_notify_failure(run=run, definition=ctx.definition)
    return run


def run_forget_if_idle(run: Run) -> bool:
    """A scheduled run that succeeded without writing, failing or skipping anything is noise in the
    runs list: delete it and note on its flow when it looked. True when it was forgotten."""
    if run.trigger != Trigger.SCHEDULE or run.status != RunStatus.SUCCEEDED or run.created or run.updated:
        return False
    if run.failed or Record.objects.filter(run_id=run.pk).exclude(outcome=Outcome.UNCHANGED).exists():
        return False
    outcome = f"nothing to do ({run.read} read, all unchanged)" if run.read else "nothing to do"
    # When the schedule asked (flows_due matches it against the firing), not when a worker began.
    Flow.objects.filter(pk=run.flow_id).update(last_checked_at=run.created_at, last_check_outcome=outcome[:255])
    Run.objects.filter(pk=run.pk).delete()
    return True


def records_replay(*, record_ids: list[int]) -> list[Run]:
    """Queue one replay run per flow for the given failed records."""
    runs = []
    by_flow: dict[int, list[int]] = {}
    # a dry run's failed record is not replayed: a replay writes
    for rec in Record.objects.filter(pk__in=record_ids, outcome=Outcome.FAILED, run__dry=False).select_related("run"):
        by_flow.setdefault(rec.run.flow_id, []).append(rec.pk)
    for flow in Flow.objects.filter(pk__in=by_flow):
        try:
            runs.append(run_enqueue(flow_key=flow.key, trigger=Trigger.REPLAY, params={"records": by_flow[flow.pk]}))
        except FlowNotRunnable as exc:  # the records stay failed: replay them once the flow is free
            logger.info("replay_not_started flow=%s reason=%s", flow.key, exc)
    return runs


def _replay_records(ctx: RunContext) -> bool:
    for rec in Record.objects.filter(pk__in=ctx.run.params.get("records", []), outcome=Outcome.FAILED):
        if "event_id" in rec.payload and ctx.definition.on_replay is None:
            event_replay(event_ids=[rec.payload["event_id"]])
            ctx.record(
                source_ref=rec.source_ref,
                action=rec.action,
                outcome=Outcome.SKIPPED,
                message=f"event #{rec.payload['event_id']} queued again",
            )
        elif ctx.definition.on_replay is not None:
            ctx.entity(
                source_ref=rec.source_ref,
                action=rec.action,
                payload=rec.payload,
                fn=lambda rec=rec: ctx.definition.on_replay(ctx, rec.payload),
            )
        else:
            ctx.record(
                source_ref=rec.source_ref,
                action=rec.action,
                outcome=Outcome.SKIPPED,
                message="this flow cannot replay a single record; run it again instead",
            )
        Record.objects.filter(pk=rec.pk).update(outcome=Outcome.REPLAYED)
    return False
