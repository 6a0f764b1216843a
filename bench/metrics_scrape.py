"""Benchmark: what one Prometheus scrape of /metrics costs, against a large hub and against the
alternative of prometheus_client's multiprocess mode after worker recycling.

    .venv/bin/python bench/metrics_scrape.py [--events 1000000]

1. A fresh SQLite file (var/bench/) gets `--events` inbox events over 30 days (98% processed, 1% dead,
   1% waiting to retry), a webhook run per tenth event (bench/prune.py's fill) and recorded samples
   for five systems and twenty flows (`--reuse`: keep the file of the last run, filled already).
   Then /metrics is asked `--scrapes` times through the Django test client with the token (the
   middleware, the collectors and the encoding, as served): the first counts the tables ("cold"),
   the next ones reuse that count (METRICS_COUNT_SECONDS) and read the inbox afresh ("warm").
2. For comparison, MultiProcessCollector reads a PROMETHEUS_MULTIPROC_DIR holding the files of
   `--pids` worker processes (django-q recycles a worker every few hundred tasks, and each new pid
   leaves its files), one counter and one histogram each.

Last line: metrics_scrape: events <N> cold_scrape_ms <C> warm_scrape_ms_median <W> multiprocess_<P>_pids_ms <Y>
"""

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
import prune

print = functools.partial(print, flush=True)
TOKEN = "bench-metrics-token"


def setup(db: Path) -> None:
    os.environ.update(
        CACHE_DIR=tempfile.mkdtemp(prefix="metrics-scrape-cache-"),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{db}",
        SANDBOX_ENABLED="0",
        LOG_LEVEL="WARNING",
        METRICS_TOKEN=TOKEN,
        METRICS_FLUSH_SECONDS="0",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(events: int) -> None:
    from django.utils import timezone

    from integrations.models import Connection
    from metrics import recorder
    from sync.models import Flow

    conn = Connection.objects.create(system="docebo", name="Docebo", slug="docebo-bench", base_url="https://x.test")
    flow, _ = Flow.objects.get_or_create(key="badges.docebo_to_credly", defaults={"name": "bench"})
    seconds = prune.fill(conn, flow, events, start=timezone.now() - timedelta(days=30), span=timedelta(days=30),
                         prefix="m")  # fmt: skip
    print(f"filled {events:,} events and {events // 10:,} runs in {seconds:.0f} s")
    for system in ("credly", "docebo", "icims", "certn", "credentially"):
        for status in ("200", "201", "204", "404", "429", "500", "unreachable"):
            recorder.inc("crosswalk_vendor_calls", 10, system=system, status=status)
        for latency in (0.03, 0.2, 0.7, 3.0, 40.0):
            recorder.observe("crosswalk_vendor_call_duration_seconds", latency, system=system)
    for n in range(20):
        for status in ("succeeded", "failed", "errored"):
            recorder.observe("crosswalk_run_duration_seconds", 2.0 * n, flow=f"flow.{n}", status=status)


def scrape_times(scrapes: int) -> list[float]:
    from django.test import Client

    client = Client()
    times = []
    for _ in range(scrapes):
        began = time.perf_counter()
        answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, answer.content[:200]
    lines = answer.content.count(b"\n")
    print(f"one scrape: {len(answer.content):,} bytes, {lines:,} lines")
    return times


MULTIPROCESS_CHILD = """
from prometheus_client import Counter, Histogram
c = Counter("bench_calls", "calls", ["system", "status"])
h = Histogram("bench_call_seconds", "latency", ["system"])
for system in ("credly", "docebo", "icims", "certn", "credentially"):
    for status in ("200", "404", "429"):
        c.labels(system, status).inc()
    h.labels(system).observe(0.2)
"""


def multiprocess_scrape_ms(pids: int) -> float:
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    folder = tempfile.mkdtemp(prefix="prom-multiproc-")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": folder}
    for _ in range(pids):  # each a worker that lived, counted and was recycled
        subprocess.run([sys.executable, "-c", MULTIPROCESS_CHILD], env=env, check=True)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=folder)
    began = time.perf_counter()
    generate_latest(registry)
    elapsed = (time.perf_counter() - began) * 1000
    print(f"multiprocess dir: {len(os.listdir(folder))} files for {pids} pids")
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    os.rmdir(folder)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--scrapes", type=int, default=20)
    parser.add_argument("--pids", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep var/bench/metrics_scrape.sqlite3 if filled")
    args = parser.parse_args()
    db = harness.ROOT / "var" / "bench" / "metrics_scrape.sqlite3"
    setup(db if args.reuse and db.exists() else harness.fresh_sqlite("metrics_scrape"))
    from sync.models import InboundEvent

    if not InboundEvent.objects.exists():
        fill(args.events)
    events = InboundEvent.objects.count()
    times = scrape_times(args.scrapes)
    multi = multiprocess_scrape_ms(args.pids)
    shutil.rmtree(os.environ["CACHE_DIR"], ignore_errors=True)
    print(
        f"metrics_scrape: events {events} cold_scrape_ms {times[0]:.0f} "
        f"warm_scrape_ms_median {statistics.median(times[1:]):.0f} multiprocess_{args.pids}_pids_ms {multi:.0f}"
    )


if __name__ == "__main__":
    main()
