"""The rig of bench/webhook_ingest.py: a PostgreSQL database, gunicorn, qcluster workers, wrk.

Everything listens on 127.0.0.1 only; the benchmark database is dropped at the end.
"""

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "crosswalk_bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def bench_env(**extra: str) -> dict:
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 40,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "Q_CLUSTER_NAME": "crosswalk-bench",
        "EXTRA_FLOW_MODULES": "tests.e2e.flows",
        "LOG_LEVEL": "WARNING",
        "Q_SAVE_LIMIT": "-1",
        "HUB_BASE_URL": "http://127.0.0.1:8765",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(["psql", f"{PG}/{db}", "-q", "-c", sql], check=True, capture_output=True)


def prepare(env: dict, connection: bool = True) -> tuple[str, int]:
    """A fresh database with one Docebo connection; returns its Basic header and its id."""
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()

    from integrations.services import connection_create
    from integrations.webhook_connections import connections_changed

    connections_changed()
    if not connection:
        return "", 0
    conn, (user, secret) = connection_create(
        system="docebo", name="Bench", slug="bench", base_url="https://bench.docebosaas.com"
    )
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode(), conn.pk


def drop() -> None:
    from django.db import connections

    from integrations.webhook_connections import VERSION_KEY, _redis

    _redis().delete(VERSION_KEY)  # nothing of the bench's left in the machine's Redis
    connections.close_all()
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def empty_inbox() -> None:
    psql("TRUNCATE sync_inboundevent, sync_run, sync_record CASCADE", DB_NAME)


def start_cluster(env: dict, q_workers: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "manage.py", "qcluster"]
    return subprocess.Popen(
        cmd, cwd=ROOT, env={**env, "Q_WORKERS": str(q_workers)}, stdout=log, stderr=subprocess.STDOUT
    )


def start_server(env: dict, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--log-level", "warning"]
    if threads > 1:  # gthread workers keep connections alive between deliveries
        cmd += ["--threads", str(threads)]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    import requests

    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("server did not start; see var/bench-ingest.log")


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a worker busy past its shutdown grace: its rows stay
            p.kill()
            p.wait(timeout=30)


def load(url: str, auth: str, seconds: int, connections: int, prefix: str) -> dict:
    """wrk for `seconds` over `connections`, every request a distinct Docebo delivery."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "ingest.lua"),
            url,
            "--",
            auth,
            prefix,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["acked"] = result["requests"] - result["non2xx"] - result["timeout"]
    result["per_second"] = result["acked"] / (result["duration_us"] / 1e6)
    return result


def drain(acked: int, load_ended: float, backlog: bool, timeout: float = 300) -> tuple[float, float, int]:
    """Wait until `acked` events succeeded; (events/s, drain seconds after the load, succeeded)."""
    from django.db.models import Max, Min

    from sync.models import EventStatus, InboundEvent

    deadline = time.monotonic() + timeout
    done = 0
    while time.monotonic() < deadline:
        done = InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).count()
        if done >= acked:
            break
        time.sleep(0.2)
    drained_at = time.time()
    # From first delivery to last processed; with a backlog, from when the workers started.
    span = InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).aggregate(
        first=Min("received_at"), last=Max("processed_at")
    )
    if not done:
        return 0.0, drained_at - load_ended, 0
    start = load_ended if backlog else span["first"].timestamp()
    return done / max(span["last"].timestamp() - start, 1e-3), max(0.0, drained_at - load_ended), done


def inbox_rows() -> int:
    from sync.models import InboundEvent

    return InboundEvent.objects.exclude(event_type="bare").count()
