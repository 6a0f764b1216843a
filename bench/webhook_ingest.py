"""Webhook intake benchmark: gunicorn on PostgreSQL, Redis broker, wrk as a light load generator.

    .venv/bin/python bench/webhook_ingest.py [--seconds 10] [--connections 32]

Sends distinct Docebo deliveries to 127.0.0.1 only, for a fixed time, then lets real qcluster
workers drain the backlog through a flow that makes no outside call (tests/e2e/flows.py).
Prints acknowledgements per second with p50/p99 latency, the processing rate and drain time,
and checks that every acknowledged delivery is in the inbox. Needs `wrk` (Debian package) and
the machine's PostgreSQL and Redis; the benchmark database is dropped at the end.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "crosswalk_bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def bench_env() -> dict:
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
    }


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True, capture_output=True)


def prepare(env: dict) -> str:
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from integrations.services import connection_create

    _, (user, secret) = connection_create(
        system="docebo", name="Bench", slug="bench", base_url="https://bench.docebosaas.com"
    )
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def start_cluster(env: dict, q_workers: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "manage.py", "qcluster"]
    return subprocess.Popen(
        cmd, cwd=ROOT, env={**env, "Q_WORKERS": str(q_workers)}, stdout=log, stderr=subprocess.STDOUT
    )


def start(env: dict, port: int, workers: int, q_workers: int, log, cluster_now: bool, threads: int = 1):
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if threads > 1:  # gthread workers keep connections alive between deliveries
        cmd += ["--threads", str(threads)]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    procs = [server, start_cluster(env, q_workers, log)] if cluster_now else [server]
    import requests

    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return procs
        except requests.RequestException:
            time.sleep(0.1)
    for p in procs:
        p.terminate()
    raise SystemExit("server did not start; see var/bench-ingest.log")


def load(port: int, auth: str, seconds: int, connections: int) -> dict:
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
            f"http://127.0.0.1:{port}/hooks/bench/",
            "--",
            auth,
            f"b{int(time.time())}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def drain(acked: int, load_ended: float, backlog: bool, timeout: float = 300) -> tuple[float, float, int]:
    from django.db.models import Max, Min

    from sync.models import EventStatus, InboundEvent

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).count()
        if done >= acked:
            break
        time.sleep(0.2)
    drained_at = time.time()
    # From first delivery to last processed; with --backlog, from when the workers started.
    span = InboundEvent.objects.aggregate(first=Min("received_at"), last=Max("processed_at"))
    start = load_ended if backlog else span["first"].timestamp()
    seconds = span["last"].timestamp() - start
    return done / seconds, max(0.0, drained_at - load_ended), done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=1)
    parser.add_argument("--q-workers", type=int, default=2)
    parser.add_argument(
        "--backlog",
        action="store_true",
        help="start the workers only after the load, to measure how fast a backlog drains",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = bench_env()
    auth = prepare(env)
    port = 8765
    log = open(ROOT / "var" / "bench-ingest.log", "w")  # noqa: SIM115
    procs = start(
        env, port, args.web_workers, args.q_workers, log, cluster_now=not args.backlog, threads=args.web_threads
    )
    try:
        result = load(port, auth, args.seconds, args.connections)
        load_ended = time.time()
        if args.backlog:
            procs.append(start_cluster(env, args.q_workers, log))
        acked = result["requests"] - result["non2xx"] - result["timeout"]
        from sync.models import InboundEvent

        rows = InboundEvent.objects.count()
        rate, drain_s, processed = drain(acked, load_ended, args.backlog)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    after = " started after the load" if args.backlog else ""
    per_second = acked / (result["duration_us"] / 1e6)
    print(
        f"load: {args.seconds}s, {args.connections} connections, {args.web_workers} web workers, "
        f"{args.q_workers} queue workers{after}; errors: {result['non2xx']} non-2xx, {result['timeout']} timeouts"
    )
    print(
        f"inbox rows {rows} (acknowledged {acked}; the rest were answered after wrk stopped counting), "
        f"processed {processed}"
    )
    print(f"processed: {rate:.0f} events/s drain {drain_s:.1f} s")
    print(
        f"ingest: {per_second:.0f} deliveries/s p50 {result['p50_us'] / 1000:.1f} ms "
        f"p99 {result['p99_us'] / 1000:.1f} ms lost {max(0, acked - rows) + max(0, acked - processed)}"
    )


if __name__ == "__main__":
    main()
