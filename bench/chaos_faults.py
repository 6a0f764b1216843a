"""Scenarios of the chaos benchmark (bench/chaos.py): database restart, vendor faults, two Run now."""

import threading
import time

from chaos_scenarios import Result, healthz_during, judge, when
from chaos_world import Admin, Sender

FLOW = "badges.docebo_to_credly"
FLOWS_PAGE = "/admin/sync/flow/"
# Credly through each fault in turn: (what, seconds, the emulator's fault switches)
# The hang comes first: after the 500s the circuit breaker holds every call back for its cool-off.
VENDOR_PHASES = (
    ("hanging 35 s on half of the calls", 40, {"timeout_rate": 50, "hang_seconds": 35}),
    ("429 with Retry-After 15 s", 20, {"error_rate": 100, "error_status": 429, "retry_after_seconds": 15}),
    ("500", 25, {"error_rate": 100, "error_status": 500}),
)
NO_FAULT = {"error_rate": 0, "timeout_rate": 0, "latency_ms": 0, "fail_next": 0}


# --- 4. database restart --------------------------------------------------------------------------------
def database(rig, world, events: int) -> Result:
    from chaos_rig import PG

    return Result(
        "database restart",
        skipped=f"the PostgreSQL server at {PG.split('@')[-1]} is shared with other sessions on this machine; "
        "restarting it would break their work, and the bench may only create and drop its own database",
    )


# --- 4b. the bench's own database cut off -------------------------------------------------------------
def db_outage(rig, world, events: int, down_s: float = 15.0) -> Result:
    """What a restart does to the hub, done to the bench's own database only: every session of it is
    terminated and new ones refused for `down_s` (ALTER DATABASE ... ALLOW_CONNECTIONS false), while
    completions arrive. The emulators share the database, so the vendors are down meanwhile too."""
    from chaos_rig import DB_NAME, psql
    from django.db import connections

    from sync.models import Record

    result = Result("database outage (the bench's own database: sessions cut, connections refused)")
    enrollments = world.learners("db", events)
    sender = Sender(world.hook_url, world.auth)
    intake = threading.Thread(target=sender.paced, args=(sender.jobs([world.delivery(e) for e in enrollments]), 35.0))
    intake.start()
    time.sleep(5)
    restarts = rig.restarts
    connections.close_all()
    psql(f"ALTER DATABASE {DB_NAME} WITH ALLOW_CONNECTIONS false")
    try:
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DB_NAME}'")
        health = healthz_during(rig, down_s)
        during = dict(sender.answers)
    finally:
        psql(f"ALTER DATABASE {DB_NAME} WITH ALLOW_CONNECTIONS true")
    back = time.time()
    intake.join()
    judge(result, world, sender, [e.user.email for e in enrollments], timeout=240)
    failed = Record.objects.filter(outcome="failed", created_at__gte=when(back - down_s - 5)).count()
    result.notes.insert(0, f"{events} completions over 35 s; the database cut off 5 s in, for {down_s:.0f} s")
    result.notes.append(
        f"answers up to its return: {during}; /healthz meanwhile: {health}; records marked failed since: {failed}; "
        f"clusters restarted by the supervisor: {rig.restarts - restarts}"
    )
    return result


# --- 5. vendor 429 / 500 / hang -------------------------------------------------------------------------
def vendor(rig, world, events: int) -> Result:
    """Credly hangs past the client's read timeout on half of the calls, then answers 429 (Retry-After
    15 s), then 500,
    with completions arriving all along; then it recovers. Events that went dead meanwhile are
    replayed, as an admin would from the events list, and the outcome is judged after that."""
    from integrations.sandbox.models import SandboxFault
    from sync.models import InboundEvent

    result = Result("vendor 429/500/hang")
    enrollments = world.learners("vendor", events)
    sender = Sender(world.hook_url, world.auth)
    jobs = sender.jobs([world.delivery(e) for e in enrollments])
    total = sum(seconds for _, seconds, _ in VENDOR_PHASES)
    intake = threading.Thread(target=sender.paced, args=(jobs, float(total)), daemon=True)
    intake.start()
    try:
        for what, seconds, switches in VENDOR_PHASES:
            SandboxFault.objects.update_or_create(system="credly", defaults={**NO_FAULT, **switches})
            result.notes.append(f"Credly {what} for {seconds} s")
            time.sleep(seconds)
    finally:
        SandboxFault.objects.update_or_create(system="credly", defaults=NO_FAULT)
    recovered = time.time()
    intake.join()
    world.wait_finished(sender.keys_acked, timeout=240)
    dead = list(
        InboundEvent.objects.filter(dedupe_key__in=list(sender.keys_acked), status="dead").values_list("pk", flat=True)
    )
    replayed = []
    if dead:
        admin = Admin(rig.hub_url, "chaos-admin", world.admin_password)
        admin.open("/admin/sync/inboundevent/")
        replayed = admin.action("/admin/sync/inboundevent/", "replay", dead)[1]
    judge(result, world, sender, [e.user.email for e in enrollments], timeout=180)
    last = InboundEvent.objects.filter(dedupe_key__in=list(sender.keys_acked)).order_by("-processed_at").first()
    after = (last.processed_at.timestamp() - recovered) if last and last.processed_at else float("nan")
    said = f" (the admin said: {' / '.join(replayed)})" if replayed else ""
    result.notes.append(f"dead, then replayed from the admin: {len(dead)}{said}")
    result.notes.append(f"calls to Credly that hung 30 s or more: {rig.slow_calls('credly', 30_000) or 'none'}")
    result.notes.append(f"last event finished {after:.1f} s after Credly recovered")
    result.notes.insert(0, f"{events} completions over {total} s")
    return result


# --- 6. two simultaneous Run now ------------------------------------------------------------------------
def run_now(rig, world, learners: int) -> Result:
    """`learners` completions waiting in Docebo with no webhook; two admins post the changelist action
    `run_now` for the Docebo -> Credly flow at the same instant. sent/acked count the two posts;
    processed/lost count the learners given (or not) a badge once the run is over."""
    from sync.models import Flow, Run

    result = Result("two simultaneous Run now")
    enrollments = world.learners("runnow", learners)
    emails = [e.user.email for e in enrollments]
    flow = Flow.objects.get(key=FLOW)
    before = set(Run.objects.filter(flow=flow).values_list("pk", flat=True))
    admins = [Admin(rig.hub_url, "chaos-admin", world.admin_password) for _ in range(2)]
    for admin in admins:
        admin.open(FLOWS_PAGE)
    barrier, answers = threading.Barrier(2), []

    def click(admin):
        barrier.wait()
        answers.append(admin.action(FLOWS_PAGE, "run_now", [flow.pk]))

    threads = [threading.Thread(target=click, args=(a,)) for a in admins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runs = Run.objects.filter(flow=flow).exclude(pk__in=before)
    deadline = time.monotonic() + 300
    while runs.filter(status__in=("queued", "running")).exists() and time.monotonic() < deadline:
        time.sleep(1)
    counts = world.tally([], emails)
    result.sent = len(answers)
    result.acked = sum(1 for status, _ in answers if status == 302)
    result.processed = len(emails) - counts["without_badge"]
    result.lost = counts["without_badge"]
    result.duplicated = counts["duplicated"]
    result.notes.append(f"{learners} learners with a completion and no badge; two admins click Run now together")
    for n, (status, messages) in enumerate(answers, 1):
        result.notes.append(f"post {n}: {status}; the admin said: {' / '.join(messages) or '(nothing)'}")
    summary = [
        f"#{r.pk} {r.trigger} {r.status} created {r.created} skipped {r.skipped} failed {r.failed}" for r in runs
    ]
    result.notes.append(f"runs started: {len(summary)}: {'; '.join(summary)}")
    result.notes.append(
        f"pairs with two or more live badges {counts['double_badges']} ({counts['extra_badges']} extra)"
    )
    return result


# --- 7. a webhook and the batch on the same pairs -------------------------------------------------------
def race(rig, world, learners: int, latency_ms: int = 200) -> Result:
    """`learners` completions waiting in Docebo; an admin clicks Run now of the Docebo -> Credly batch
    and, while it runs, Docebo's webhook for each of the same completions arrives (shuffled, paced
    over the run). Each pair must still end with one badge (issue 10, item 1: one write per entity)."""
    import random

    from integrations.sandbox.models import SandboxFault
    from sync.models import Flow, Run

    result = Result("a webhook and the batch on the same pairs")
    SandboxFault.objects.update_or_create(system="credly", defaults={"latency_ms": latency_ms})
    try:
        enrollments = world.learners("race", learners)
        deliveries = [world.delivery(e) for e in enrollments]
        random.shuffle(deliveries)
        sender = Sender(world.hook_url, world.auth)
        flow = Flow.objects.get(key=FLOW)
        before = set(Run.objects.filter(flow=flow).values_list("pk", flat=True))
        admin = Admin(rig.hub_url, "chaos-admin", world.admin_password)
        admin.open(FLOWS_PAGE)
        status, messages = admin.action(FLOWS_PAGE, "run_now", [flow.pk])
        sender.paced(sender.jobs(deliveries), seconds=learners * latency_ms / 1000 * 1.5)
        runs = Run.objects.filter(flow=flow, trigger="manual").exclude(pk__in=before)
        deadline = time.monotonic() + 300
        while runs.filter(status__in=("queued", "running")).exists() and time.monotonic() < deadline:
            time.sleep(1)
        judge(result, world, sender, [e.user.email for e in enrollments], timeout=180)
    finally:
        SandboxFault.objects.filter(system="credly").update(latency_ms=0)
    result.sent, result.acked = result.sent + 1, result.acked + (status == 302)
    summary = [f"#{r.pk} {r.status}, created {r.created}, skipped {r.skipped}, failed {r.failed}" for r in runs]
    result.notes.insert(0, f"{learners} completions; Run now ({' / '.join(messages)}) and their webhooks together")
    result.notes.append(f"batch runs: {'; '.join(summary)}")
    return result
