"""Benchmark: where the per-call counters live when gunicorn and qcluster workers all count.

    .venv/bin/python bench/metrics_store.py [--processes 4] [--calls 20000]

Each store is driven by `--processes` processes at once, each counting `--calls` vendor calls (a
counter by system and status, and a latency histogram by system), as the base client does:

- multiprocess: prometheus_client's multiprocess mode (one mmap file per process and metric type in
  PROMETHEUS_MULTIPROC_DIR, summed at scrape time by MultiProcessCollector);
- file-cache: Django's FileBasedCache (the hub's cache without Redis), `incr` per sample;
- redis-cache: Django's RedisCache (the hub's cache with REDIS_URL), `incr` per sample, against a
  redis-server started here (skipped when none is installed);
- recorder: metrics/recorder.py, counts in memory and added to the database (SQLite here) by one
  upsert per flush.

Per store it prints the cost of one counted call (microseconds, mean over the processes, all
counting at once) and how many of the processes x calls the store holds at the end (exact or
lost). The scrape side is bench/metrics_scrape.py.
"""

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness

print = functools.partial(print, flush=True)
STATUSES = ("200", "200", "200", "404", "429")  # a plausible mix; the label set stays small


def child(store: str, calls: int) -> None:
    """One counting process: prints the microseconds per counted call."""
    if store == "multiprocess":
        from prometheus_client import Counter, Histogram

        counter = Counter("bench_calls", "calls", ["system", "status"])
        latency = Histogram("bench_call_seconds", "latency", ["system"])

        def count(status: str) -> None:
            counter.labels("credly", status).inc()
            latency.labels("credly").observe(0.2)

    else:
        import django

        django.setup()
        if store == "recorder":
            from metrics import recorder

            def count(status: str) -> None:
                recorder.inc("crosswalk_vendor_calls", system="credly", status=status)
                recorder.observe("crosswalk_vendor_call_duration_seconds", 0.2, system="credly")

        else:
            from django.core.cache import cache

            def count(status: str) -> None:  # counter, bucket, count and sum (as integer microseconds)
                for key, amount in ((f"calls:credly:{status}", 1), ("b:credly:0.25", 1), ("n:credly", 1)):
                    cache.add(key, 0, timeout=None)
                    cache.incr(key, amount)
                cache.add("sum:credly", 0, timeout=None)
                cache.incr("sum:credly", 200_000)

    started = time.perf_counter()
    for i in range(calls):
        count(STATUSES[i % len(STATUSES)])
    elapsed = time.perf_counter() - started
    if store == "recorder":
        from metrics import recorder

        recorder.flush()  # what the flusher thread (and the exit handler) would do
    print(f"{elapsed / calls * 1e6:.2f}")


def total(store: str, env: dict) -> float:
    """How many calls the store holds, summed as a scrape would."""
    if store == "multiprocess":
        from prometheus_client import CollectorRegistry
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=env["PROMETHEUS_MULTIPROC_DIR"])
        families = [m for m in registry.collect() if m.name == "bench_calls"]
        return sum(s.value for m in families for s in m.samples if s.name.endswith("_total"))
    code = "import django; django.setup()\n" + (
        "from metrics.models import Sample\n"
        "print(sum(Sample.objects.filter(name='crosswalk_vendor_calls').values_list('value', flat=True)))"
        if store == "recorder"
        else "from django.core.cache import cache\n"
        f"print(sum(cache.get(f'calls:credly:{{s}}') or 0 for s in {sorted(set(STATUSES))!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=harness.ROOT, capture_output=True, text=True)
    return float(out.stdout.strip() or 0)


def run(store: str, env: dict, processes: int, calls: int) -> tuple[float, float]:
    command = [sys.executable, __file__, "--child", store, "--calls", str(calls)]
    children = [
        subprocess.Popen(command, env=env, cwd=harness.ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    costs = [float(p.communicate()[0].strip() or "nan") for p in children]
    return sum(costs) / len(costs), total(store, env)


def environments(work: Path, redis_port: int | None) -> dict[str, dict]:
    db = harness.fresh_sqlite("metrics_store")
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(harness.ROOT),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=harness.ROOT, env=base, check=True)
    (work / "prom").mkdir()
    envs = {
        "multiprocess": {**base, "PROMETHEUS_MULTIPROC_DIR": str(work / "prom")},
        "file-cache": {**base, "CACHE_DIR": str(work / "cache")},
        "recorder": {**base, "METRICS_TOKEN": "bench", "METRICS_FLUSH_SECONDS": "5"},
    }
    if redis_port:
        envs["redis-cache"] = {**base, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    return envs


def start_redis(work: Path):
    binary = shutil.which("redis-server")
    if not binary:
        return None, None
    port = harness.free_port()
    args = [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(work)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--calls", type=int, default=2_000)
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.calls)
    work = Path(tempfile.mkdtemp(prefix="metrics-bench-"))
    redis, port = start_redis(work)
    try:
        expected = args.processes * args.calls
        print(f"{args.processes} processes x {args.calls} counted calls at once (expected total {expected})")
        for store, env in environments(work, port).items():
            cost, held = run(store, env, args.processes, args.calls)
            lost = expected - held
            print(f"metrics_store: {store:<12} us_per_call {cost:7.2f} held {held:9.0f} lost {lost:7.0f}")
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
