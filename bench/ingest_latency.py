"""`bench/webhook_ingest.py --latency`: from a delivery's acknowledgement to the flow's write in
the other system, at a steady 100 deliveries/s for 60 s.

The rig is the intake benchmark's (PostgreSQL, Redis, gunicorn, two qcluster workers; `--q-workers`
for more) with the sandbox on, so the same gunicorn also serves the Docebo and Credly emulators.
Two workers suffice here: the emulators answer in milliseconds from the same two cores, so the
machine's CPU, not waiting, bounds the rate (8 workers measured no better; vendors a network away
would want more, see docs/performance.md). Set-up is the
Docebo -> Credly batch benchmark's (bench/batch_sync.py --setup: 100 courses, each with its
own Credly template chosen in Docebo's badge field, completed enrollments), without its added
Docebo latency and without the emulator's own webhooks. Each delivery is Docebo's
course.enrollment.completed for one completed enrollment; the flow reads it back from the Docebo
emulator and issues the badge in the Credly emulator. Latency is the badge row's creation time
minus the moment the hub's answer reached the sender. It also prints badges/s, the vendor calls
per event (from the runs' checkpoints) and the CPU per event of the web server with its emulators,
of the hub's workers and of PostgreSQL, which show what bounds the rate on this machine.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime

from bench import ingest_cpu
from bench import ingest_rig as rig

RATE = 100  # deliveries per second
SECONDS = 60
PORT = 8765
Q_WORKERS = 2


def setup(env: dict, count: int) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "bench/batch_sync.py", "--setup", str(count)],
        cwd=rig.ROOT, env={**env, "Q_SYNC": "1"}, check=False, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"set-up failed:\n{done.stderr[-3000:]}")
    import django

    django.setup()
    from integrations.docebo.sandbox.models import Enrollment, Webhook
    from integrations.docebo.sandbox.state import course_completion_item
    from integrations.sandbox.models import SandboxFault

    SandboxFault.objects.update(latency_ms=0)
    Webhook.objects.update(active=False)  # this benchmark is the only sender
    enrollments = Enrollment.objects.select_related("user", "course").filter(completed_at__isnull=False)
    return [course_completion_item(e) for e in enrollments.order_by("pk")[:count]]


def send(items: list[dict], auth: str, rate: int) -> list[tuple[dict, float, int]]:
    """POST one delivery every 1/rate s from a few threads; (item, acknowledged at, status)."""
    import requests

    results: list[tuple[dict, float, int]] = []
    lock = threading.Lock()
    start = time.time() + 0.5
    url = f"http://127.0.0.1:{PORT}/hooks/docebo-bench/"

    def worker(offset: int, step: int) -> None:
        session = requests.Session()
        for i in range(offset, len(items), step):
            time.sleep(max(0.0, start + i / rate - time.time()))
            body = {"message_id": f"lat-{i}", "webhook_id": 1, "event": "course.enrollment.completed"}
            body["payload"] = items[i]
            status = session.post(url, json=body, headers={"Authorization": auth}, timeout=30).status_code
            with lock:
                results.append((items[i], time.time(), status))

    threads = [threading.Thread(target=worker, args=(k, 16)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def badges_by_key() -> dict[tuple[str, str], float]:
    from integrations.credly.sandbox.models import IssuedBadge

    rows = IssuedBadge.objects.values_list("recipient_email", "template__name", "created_at")
    return {(email, name): created.timestamp() for email, name, created in rows}


def key_of(item: dict) -> tuple[str, str]:
    index = int(item["course_name"].removeprefix("Bulk course "))
    return item["username"], f"Bench badge {index:03d}"


def api_calls() -> tuple[int, dict[str, int]]:
    """(webhook runs, vendor calls per system summed over them), from the runs' checkpoints."""
    from sync.models import Run, Trigger

    runs, totals = 0, {}
    for checkpoint in Run.objects.filter(trigger=Trigger.WEBHOOK).values_list("checkpoint", flat=True):
        runs += 1
        for system, n in ((checkpoint or {}).get("api_calls") or {}).items():
            totals[system] = totals.get(system, 0) + n
    return runs, totals


def report_costs(cpu: dict[str, float], badges: int, span: float, q_workers: int) -> None:
    runs, calls = api_calls()
    per_run = ", ".join(f"{system} {n / max(runs, 1):.2f}" for system, n in sorted(calls.items()))
    rate = badges / max(span, 1e-3)
    print(f"throughput: {rate:.1f} badges/s with {q_workers} queue workers; calls per event: {per_run}")
    print(
        "cpu per event (ms): "
        + ", ".join(f"{label} {1000 * value / max(badges, 1):.1f}" for label, value in cpu.items())
        + f"; machine cores {os.cpu_count()}"
    )


def main(rate: int = RATE, seconds: int = SECONDS, q_workers: int = Q_WORKERS) -> None:
    env = rig.bench_env(SANDBOX_ENABLED="1", ALLOW_PRIVATE_HOSTS="1", EXTRA_FLOW_MODULES="")
    rig.prepare(env, connection=False)
    log = open(rig.ROOT / "var" / "bench-latency.log", "w")  # noqa: SIM115
    procs = []
    try:
        procs.append(rig.start_server(env, PORT, 3, 1, log))  # the emulators answer the set-up's flows
        items = setup(env, rate * seconds)
        from integrations.models import Connection
        from integrations.services import connection_issue_webhook_secret

        _, secret = connection_issue_webhook_secret(connection=Connection.objects.get(slug="docebo-bench"))
        conn = Connection.objects.get(slug="docebo-bench")
        import base64

        auth = "Basic " + base64.b64encode(f"{conn.webhook_username}:{secret}".encode()).decode()
        procs.append(rig.start_cluster(env, q_workers, log))
        time.sleep(2)
        ingest_cpu.settle("hub workers", procs[1].pid)  # every worker booted before the first delivery
        before = ingest_cpu.snapshot({"web+emulators": procs[0].pid, "hub workers": procs[1].pid})
        sent = send(items, auth, rate)
        acked = [(key_of(item), at) for item, at, status in sent if 200 <= status < 300]
        deadline = time.time() + 120
        badges = badges_by_key()
        while time.time() < deadline and sum(k in badges for k, _ in acked) < len(acked):
            time.sleep(1)
            badges = badges_by_key()
        after = ingest_cpu.snapshot({"web+emulators": procs[0].pid, "hub workers": procs[1].pid})
        issued = [badges[k] for k, _ in acked if k in badges]
        span = max(issued, default=0) - min((at for _, at in acked), default=0)
        report_costs(ingest_cpu.spent(before, after), len(issued), span, q_workers)
    finally:
        rig.stop(procs)
        rig.drop()
    latencies = sorted(max(0.0, badges[k] - at) for k, at in acked if k in badges)
    missing = len(acked) - len(latencies)
    if not latencies:
        raise SystemExit(f"no badge was issued; see var/bench-latency.log ({len(acked)} acknowledged)")
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"latency run: {len(sent)} deliveries at {rate}/s, {len(acked)} acknowledged, {len(latencies)} badges "
        f"issued, {missing} missing after 120 s; started {datetime.now():%H:%M:%S}"
    )
    print(f"latency: p50 {statistics.median(latencies):.2f} s p99 {p99:.2f} s")


if __name__ == "__main__":
    print(json.dumps({"use": "bench/webhook_ingest.py --latency"}))
