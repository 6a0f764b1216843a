"""Phase 2 triggers: a Credentially webhook (one person), or polling each connection at its interval.

Polling reads every linked person of a Credentially connection whose `poll_minutes` (default
15) has passed (or, with `full_read_hours`, those whose entry in the staff list changed: see
listing.py); content hashes keep it from writing anything unchanged. People are handled
by `sync_concurrency` threads (a connection setting, default 1) because the work is waiting
on HTTP; the run context is only touched from the run's own thread.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

from integrations.client.errors import RateLimited, TransientError
from integrations.models import Connection
from mappings.compliance import services
from mappings.compliance.models import StaffRecord
from sync.flows.compliance.listing import listing_for
from sync.flows.compliance.sync_back import ACTION, FLOW_KEY, ComplianceClients, record, sync_person
from sync.models import Trigger

DEFAULT_POLL_MINUTES = 15
CHUNK = 100
RATE_LIMIT_ATTEMPTS = 6
MAX_RATE_LIMIT_WAIT = 10.0


def profile_of(payload: dict) -> str:
    inner = payload.get("payload") if isinstance(payload.get("payload"), dict) else payload
    return str(inner.get("profileId") or "")


def on_credentially_event(ctx, event) -> None:
    profile_id = profile_of(event.payload)
    staff = (
        StaffRecord.objects.select_related("ats_connection", "credentially_connection")
        .filter(credentially_connection=event.connection, profile_id=profile_id)
        .first()
    )
    ctx.read()
    if staff is None:
        ctx.skip(
            "this profile was not created from an ATS by Crosswalk, so it has no ATS person",
            source_ref=profile_id or str(event.pk),
            action=ACTION,
        )
        return
    if not staff.ats_connection.enabled:
        ctx.skip(f"the ATS connection {staff.ats_connection} is switched off", source_ref=profile_id, action=ACTION)
        return
    services.ats_budget_check(connection=staff.ats_connection)  # spent: the event is retried after midnight
    clients = ComplianceClients()
    try:
        _sync_one(ctx, staff, clients)
    finally:
        clients.spend()


def _sync_one(ctx, staff, clients: ComplianceClients):
    result = ctx.entity(
        source_ref=staff.profile_id, action=ACTION, payload={"staff": staff.pk}, fn=lambda: sync_person(staff, clients)
    )
    if result is not None:
        record(ctx, result)
    return result


def replay(ctx, payload: dict) -> None:
    staff = StaffRecord.objects.select_related("ats_connection", "credentially_connection").get(pk=payload["staff"])
    result = sync_person(staff, ComplianceClients())
    record(ctx, result)


def poll(ctx) -> bool:
    """The batch: named people (params), or every due connection's people, resumable by checkpoint."""
    params = ctx.run.params or {}
    if "due" not in ctx.checkpoint:
        ctx.save_checkpoint(due=_due_connections(ctx, params), index=0, after=0, calls={}, stats={})
    due = ctx.checkpoint["due"]
    while ctx.checkpoint["index"] < len(due):
        conn = Connection.objects.filter(pk=due[ctx.checkpoint["index"]]).first()
        if conn is not None and _poll_connection(ctx, conn, params.get("profile_ids")):
            return True  # time slice used up; resumed from the checkpoint
        ctx.save_checkpoint(index=ctx.checkpoint["index"] + 1, after=0)
    return False


def _due_connections(ctx, params: dict) -> list[int]:
    if params.get("connection"):
        return [int(params["connection"])]
    force = ctx.run.trigger != Trigger.SCHEDULE
    due = []
    for conn in Connection.objects.filter(system="credentially", enabled=True).order_by("pk"):
        minutes = float(conn.setting("poll_minutes") or DEFAULT_POLL_MINUTES)
        if services.poll_due(connection=conn, flow_key=FLOW_KEY, minutes=minutes, force=force):
            due.append(conn.pk)
    return due


def _poll_connection(ctx, conn, profile_ids: list | None) -> bool:
    people = (
        StaffRecord.objects.filter(credentially_connection=conn, ats_connection__enabled=True)
        .select_related("ats_connection", "credentially_connection")
        .order_by("pk")
    )
    if profile_ids:
        people = people.filter(profile_id__in=profile_ids)
    if not ctx.checkpoint.get("after"):
        ctx.progress(total=(ctx.run.progress_total or 0) + people.count())
    # one thread in a dry run: a pool thread's database connection would be outside the run's scratch scope
    workers = 1 if ctx.dry else max(1, int(conn.setting("sync_concurrency") or 1))
    looker = ComplianceClients()
    listing = listing_for(conn, looker.credentially(conn), ctx.run.params or {})
    ctx.save_checkpoint(calls=_add(ctx.checkpoint.get("calls"), {"credentially": looker.calls["credentially"]}))
    while True:
        chunk = list(people.filter(pk__gt=ctx.checkpoint.get("after", 0))[:CHUNK])
        if not chunk:
            return False
        for ats in {staff.ats_connection_id: staff.ats_connection for staff in chunk}.values():
            services.ats_budget_check(connection=ats)  # spent: the run pauses until midnight UTC
        calls, results, stopped_at = _run_chunk(ctx, chunk, workers, listing)
        done = chunk if stopped_at is None else chunk[: chunk.index(stopped_at[0])]
        ctx.read(len(done))
        ctx.progress(advance=len(done))
        ctx.save_checkpoint(
            after=done[-1].pk if done else ctx.checkpoint.get("after", 0),
            calls=_add(ctx.checkpoint.get("calls"), calls),
            stats=_add(ctx.checkpoint.get("stats"), _stats(results)),
        )
        if stopped_at is not None:
            raise stopped_at[1]  # an outage or a long rate limit: the run pauses and resumes from here
        if ctx.should_yield():
            return True


def _add(total: dict | None, more: dict) -> dict:
    """Running totals kept in the checkpoint: API calls per system, changed objects and writes."""
    total = dict(total or {})
    for key, value in more.items():
        total[key] = total.get(key, 0) + value
    return total


def _stats(results: list) -> dict:
    done = [r for r in results if r is not None]
    return {"changed_objects": sum(r.changed_objects for r in done), "writes": sum(r.write_calls for r in done)}


def _run_chunk(ctx, chunk: list, workers: int, listing=None) -> tuple[dict, list, tuple | None]:
    """Sync a chunk of people, `workers` at a time.

    Returns (API calls per system, the results, and (person, error) for the first person, by id,
    stopped by an outage or a long rate limit, or None). Results and failures are recorded here,
    in the run's thread, before an outage is reported, so no finished work is lost from the counts.
    """
    local = threading.local()
    made: list[ComplianceClients] = []
    lock = threading.Lock()

    def work(staff):
        if not hasattr(local, "clients"):
            local.clients = ComplianceClients()
            with lock:
                made.append(local.clients)
        try:
            if listing is not None and listing.unchanged(staff):
                return staff, listing.left_unread(staff), None
            result = _patiently(lambda: sync_person(staff, local.clients))
            if listing is not None:
                listing.remember(staff, result)
            return staff, result, None
        except Exception as exc:  # handed to the run's thread, which records or re-raises it
            return staff, None, exc
        finally:
            if workers > 1:
                # A pool thread's connection would outlive the pool (and hold the database open).
                connections.close_all()

    if workers == 1:
        outcomes = [work(staff) for staff in chunk]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(work, chunk))
    stopped_at = None
    for staff, result, exc in outcomes:
        if exc is None:
            record(ctx, result)
        elif isinstance(exc, TransientError):
            stopped_at = stopped_at or (staff, exc)
        else:
            ctx.entity(
                source_ref=staff.profile_id, action=ACTION, payload={"staff": staff.pk}, fn=lambda exc=exc: _raise(exc)
            )
    for clients in made:
        clients.spend()
    calls = {k: sum(c.calls[k] for c in made) for k in ("credentially", "ats")}
    return calls, [result for _, result, _ in outcomes], stopped_at


def _patiently(fn):
    """Sit out short rate limits (Credentially's download bucket is 5 a second) rather than pausing
    the whole run: a person's sync is safe to redo (file claims, content hashes)."""
    for attempt in range(RATE_LIMIT_ATTEMPTS):
        try:
            return fn()
        except RateLimited as exc:
            if attempt == RATE_LIMIT_ATTEMPTS - 1 or exc.retry_after > MAX_RATE_LIMIT_WAIT:
                raise
            time.sleep(exc.retry_after * (1 + random.random()))  # jitter: threads do not return in step
    raise AssertionError("unreachable")  # pragma: no cover


def _raise(exc: Exception):
    raise exc
