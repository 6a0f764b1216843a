"""Scenarios of the chaos benchmark (bench/chaos.py): duplicates and disorder, worker kills, broker outage."""

import datetime
import random
import threading
import time
from dataclasses import dataclass, field

import requests
from chaos_world import PENDING, Sender

KILL_AT = (4.0, 22.0, 40.0)  # seconds after the intake starts: once during intake, twice in the backlog


@dataclass
class Result:
    name: str
    sent: int = 0
    acked: int = 0
    processed: int = 0
    lost: int = 0
    duplicated: int = 0
    recovery: float | None = None  # seconds; None: no worker was killed
    notes: list[str] = field(default_factory=list)
    skipped: str = ""

    def line(self) -> str:
        r = "-" if self.recovery is None else f"{self.recovery:.1f}"
        return (
            f"chaos: sent {self.sent} acked {self.acked} processed {self.processed} lost {self.lost} "
            f"duplicated {self.duplicated} orphan_recovery_s {r}"
        )


def when(stamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)


def healthz_during(rig, seconds: float) -> dict:
    """/healthz asked once a second for `seconds`: how often it answered what."""
    seen, until = [], time.time() + seconds
    while time.time() < until:
        try:
            seen.append(str(requests.get(f"{rig.hub_url}/healthz", timeout=5).status_code))
        except requests.RequestException as exc:
            seen.append(type(exc).__name__)
        time.sleep(1)
    return {k: seen.count(k) for k in sorted(set(seen))}


def judge(result: Result, world, sender: Sender, emails, *, timeout: float) -> Result:
    """Wait for every acknowledged delivery to be finished (or the timeout), then count."""
    finished = world.wait_finished(sender.keys_acked, timeout)
    counts = world.tally(sender.keys_acked, emails)
    result.sent, result.acked = sender.sent, sender.acked
    result.processed, result.lost, result.duplicated = counts["processed"], counts["lost"], counts["duplicated"]
    answers = ", ".join(f"{k} x{v}" for k, v in sorted(sender.answers.items(), key=str))
    result.notes.append(f"answers: {answers}; inbox rows by status: {counts['statuses']}")
    result.notes.append(
        f"learners {len(emails)}, without a live badge {counts['without_badge']}, pairs with two or more live "
        f"badges {counts['double_badges']} ({counts['extra_badges']} extra), keys stored twice {counts['double_rows']}"
    )
    for line in counts["evidence"]:
        result.notes.append(f"two live badges: {line}")
    if sender.not_json:
        result.notes.append(f"error answers that were not JSON: {sender.not_json}")
    if not finished:
        result.notes.append(f"not all finished within {timeout:.0f} s of the end of the intake")
    return result


# --- 1. duplicates and disorder -------------------------------------------------------------------------
def duplicates(rig, world, events: int) -> Result:
    """`events` completions, ~10% delivered twice (half of those at the same instant as the original,
    the other half later), all in shuffled order."""
    result = Result("duplicates and disorder")
    enrollments = world.learners("dup", events)
    deliveries = [world.delivery(e) for e in enrollments]
    again = random.sample(range(events), max(2, events // 10))
    together = set(again[: len(again) // 2])
    sender = Sender(world.hook_url, world.auth)
    jobs = [
        (lambda d=d: sender.deliver_together(*d)) if i in together else (lambda d=d: sender.deliver(*d))
        for i, d in enumerate(deliveries)
    ]
    jobs += [lambda d=deliveries[i]: sender.deliver(*d) for i in again[len(again) // 2 :]]
    random.shuffle(jobs)
    started = time.monotonic()
    sender.paced(jobs, seconds=0, threads=16)
    result.notes.append(
        f"{events} completions, {len(again)} re-delivered ({len(together)} concurrent with the original), "
        f"shuffled; intake {time.monotonic() - started:.1f} s"
    )
    return judge(result, world, sender, [e.user.email for e in enrollments], timeout=180)


# --- 2. worker kills ------------------------------------------------------------------------------------
class Orphans:
    """What one killed cluster held, and how long until all of it finished: `free` (its leases ran
    out), `retaken` (all of it claimed by another worker), `recovery` (all of it finished), in seconds
    after the kill; `sweeps`: when the sweep fired meanwhile."""

    def __init__(self, world, at: float, held: dict):
        self.world, self.at, self.held = world, at, held  # held: event id -> (claim, attempts) at the kill
        self.dead: list[int] | None = None
        self.free = self.retaken = self.recovery = None
        self.sweeps: list[float] = []
        self.thread = threading.Thread(target=self._follow, daemon=True)
        self.thread.start()

    def _follow(self) -> None:
        from django.conf import settings
        from django.db import connection

        from sync.models import InboundEvent

        try:
            # A live worker renews its leases every EVENT_HEARTBEAT_SECONDS; what has not been renewed
            # since the kill (nor finished) belonged to the dead one.
            time.sleep(max(0.0, self.at + settings.EVENT_HEARTBEAT_SECONDS + 3 - time.time()))
            renewed_after = self.at + settings.EVENT_LEASE_SECONDS
            now = InboundEvent.objects.in_bulk(list(self.held))
            self.dead = [
                pk
                for pk, (claim, attempts) in self.held.items()
                if now[pk].status in PENDING
                and (
                    now[pk].claim != claim
                    or now[pk].attempts != attempts
                    or now[pk].lease_until is None
                    or now[pk].lease_until.timestamp() <= renewed_after
                )
            ]
            leases = [now[pk].lease_until.timestamp() for pk in self.dead if now[pk].lease_until]
            self.free = max(leases, default=self.at) - self.at
            self._wait()
        finally:
            connection.close()

    def _wait(self) -> None:
        from django_q.models import Schedule

        from sync.models import InboundEvent

        sweep = Schedule.objects.filter(name="crosswalk-sweep")
        last_sweep = sweep.values_list("next_run", flat=True).first()
        while True:
            rows = InboundEvent.objects.filter(pk__in=self.dead).values_list("pk", "status", "processed_at", "attempts")
            if self.retaken is None and all(s not in PENDING or n > self.held[pk][1] for pk, s, _, n in rows):
                self.retaken = time.time() - self.at
            next_sweep = sweep.values_list("next_run", flat=True).first()
            if next_sweep != last_sweep:
                self.sweeps.append(time.time() - self.at)
                last_sweep = next_sweep
            if all(status not in PENDING for _, status, _, _ in rows):
                done = [at.timestamp() for _, _, at, _ in rows if at is not None]
                self.recovery = max(done, default=self.at) - self.at
                return
            time.sleep(0.5)

    def describe(self) -> str:
        if self.dead is None:
            return "not followed"
        if not self.dead:
            return "0 held by the killed cluster"
        sweeps = ", ".join(f"+{s:.0f}" for s in self.sweeps) or "none"
        retaken = "-" if self.retaken is None else f"{self.retaken:.1f}"
        done = "not finished" if self.recovery is None else f"all finished {self.recovery:.1f} s after the kill"
        return (
            f"{len(self.dead)} held by the killed cluster: leases out +{self.free:.1f} s, sweeps {sweeps}, "
            f"all taken again +{retaken} s, {done}"
        )


def _processing_now() -> dict:
    """Events in progress with a live lease: renewed within the last heartbeat (and a margin), so
    not the orphans of an earlier kill still waiting to be taken again."""
    from django.conf import settings
    from django.utils import timezone

    from sync.models import InboundEvent

    fresh = settings.EVENT_LEASE_SECONDS - settings.EVENT_HEARTBEAT_SECONDS - 2
    renewed = InboundEvent.objects.filter(
        status="processing", lease_until__gte=timezone.now() + timezone.timedelta(seconds=fresh)
    )
    rows = renewed.values_list("pk", "claim", "attempts")
    return {pk: (claim, attempts) for pk, claim, attempts in rows}


def kills(rig, world, events: int, latency_ms: int) -> Result:
    """`events` completions sent over ~20 s while Credly answers `latency_ms` slower (so work is in
    progress); kill -9 of a qcluster's process group three times (during the intake, then twice in
    the backlog), each restarted a second later. Orphan recovery: from the kill until every event
    the dead cluster held is finished."""
    from integrations.sandbox.models import SandboxFault

    result = Result("worker kills")
    SandboxFault.objects.update_or_create(system="credly", defaults={"latency_ms": latency_ms})
    enrollments = world.learners("kill", events)
    sender = Sender(world.hook_url, world.auth)
    jobs = sender.jobs([world.delivery(e) for e in enrollments])
    intake = threading.Thread(target=sender.paced, args=(jobs, 20.0), daemon=True)
    started = time.time()
    intake.start()
    followed = []
    try:
        for n, at in enumerate(KILL_AT):
            time.sleep(max(0.0, started + at - time.time()))
            for _ in range(50):  # kill while something is in progress
                held = _processing_now()
                if held:
                    break
                time.sleep(0.2)
            index = n % 2
            kill_time = time.time()
            rig.kill_worker(index)
            followed.append((n + 1, index, Orphans(world, kill_time, held), len(held)))
        intake.join()
        judge(result, world, sender, [e.user.email for e in enrollments], timeout=240)
    finally:
        SandboxFault.objects.filter(system="credly").update(latency_ms=0)
    for _, _, orphans, _ in followed:
        orphans.thread.join(timeout=120)
    recoveries = []
    for n, index, orphans, in_progress in followed:
        result.notes.append(
            f"kill {n} (qcluster-{index}, {KILL_AT[n - 1]:.0f} s in): {in_progress} events in progress, "
            f"{orphans.describe()}"
        )
        recoveries.append(orphans.recovery if orphans.recovery is not None else float("inf"))
    result.recovery = max(recoveries, default=None)
    result.notes.insert(0, f"{events} completions over 20 s, Credly +{latency_ms} ms per call")
    return result


# --- 3. broker outage -----------------------------------------------------------------------------------
def broker(rig, world, events: int, down_s: float = 20.0) -> Result:
    """`events` completions sent over ~35 s; the bench's redis-server is shut down (losing what was
    queued) 5 s in, and started again `down_s` later. Counts the answers and /healthz during the
    outage, and how long after Redis is back everything is finished."""
    result = Result("broker outage")
    enrollments = world.learners("broker", events)
    sender = Sender(world.hook_url, world.auth)
    jobs = sender.jobs([world.delivery(e) for e in enrollments])
    intake = threading.Thread(target=sender.paced, args=(jobs, 35.0), daemon=True)
    started = time.time()
    intake.start()
    time.sleep(5)
    restarts = rig.restarts
    rig.redis.stop()
    down = time.time()
    health = healthz_during(rig, down_s)
    during = dict(sender.answers)
    rig.redis.start()
    back = time.time()
    intake.join()
    judge(result, world, sender, [e.user.email for e in enrollments], timeout=240)
    from sync.models import InboundEvent

    keys = list(sender.keys_acked)
    meanwhile = InboundEvent.objects.filter(dedupe_key__in=keys, received_at__range=(when(down), when(back)))
    last = meanwhile.exclude(processed_at=None).order_by("-processed_at").first()
    after = (last.processed_at.timestamp() - back) if last else float("nan")
    result.notes.insert(0, f"{events} completions over 35 s; Redis down from {down - started:.0f} s for {down_s:.0f} s")
    result.notes.append(
        f"answers up to Redis's return: {during}; /healthz during the outage: {health}; "
        f"clusters restarted by the supervisor: {rig.restarts - restarts}; "
        f"the {meanwhile.count()} events received during the outage all finished {after:.1f} s after Redis came back"
    )
    return result
