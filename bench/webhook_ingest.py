"""Webhook intake benchmark: gunicorn on PostgreSQL, Redis broker, wrk as the load generator.

    .venv/bin/python bench/webhook_ingest.py [--seconds 10] [--connections 32]   # `make bench`
    .venv/bin/python bench/webhook_ingest.py --backlog      # intake and the reference only
    .venv/bin/python bench/webhook_ingest.py --profile 2000 # where one delivery's time goes
    .venv/bin/python bench/webhook_ingest.py --latency      # 100/s for 60 s, Docebo -> Credly emulators
    .venv/bin/python bench/webhook_ingest.py --cost 200     # what one of those completions costs a worker

Three loads of distinct Docebo deliveries, each for a fixed time from 127.0.0.1, same gunicorn:
1. intake with no worker running, then real qcluster workers drain the backlog through a flow
   that makes no outside call (tests/e2e/flows.py): `ingest:` and `processed:`;
2. the reference: a plain Django view inserting one row, no auth, no dedupe, no queue
   (bench/bare_urls.py, served with bench/bare_settings.py only): `bare:` and the ratio; then the
   same view behind the security middleware alone, as /hooks/ runs (bench/bare_lean_settings.py);
3. intake with the workers running during the load: `concurrent:`, end to end.
`lost` counts acknowledged deliveries missing from the inbox or never processed.
Needs `wrk` (Debian package), the machine's PostgreSQL and Redis.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ingest_rig as rig

PORT = 8765


def purge_queue() -> None:
    from sync.queue import broker

    broker().purge_queue()


def backlog_phase(env, args, auth, log) -> dict:
    server = rig.start_server(env, PORT, args.web_workers, args.web_threads, log)
    procs = [server]
    try:
        result = rig.load(f"http://127.0.0.1:{PORT}/hooks/bench/", auth, args.seconds, args.connections, "a")
        load_ended = time.time()
        rows = rig.inbox_rows()
        procs.append(rig.start_cluster(env, args.q_workers, log))
        rate, drain_s, processed = rig.drain(result["acked"], load_ended, backlog=True)
    finally:
        rig.stop(procs)
    lost = max(0, result["acked"] - rows) + max(0, result["acked"] - processed)
    return {**result, "rows": rows, "rate": rate, "drain": drain_s, "processed": processed, "lost": lost}


def bare_phase(env, args, conn_id: int, log, settings: str = "bench.bare_settings") -> dict:
    server = rig.start_server({**env, "DJANGO_SETTINGS_MODULE": settings}, PORT, args.web_workers,
                              args.web_threads, log)  # fmt: skip
    try:
        return rig.load(f"http://127.0.0.1:{PORT}/bare/{conn_id}/", "none", args.seconds, args.connections, "r")
    finally:
        rig.stop([server])


def concurrent_phase(env, args, auth, log) -> dict:
    rig.empty_inbox()
    procs = [rig.start_server(env, PORT, args.web_workers, args.web_threads, log)]
    try:
        procs.append(rig.start_cluster(env, args.q_workers, log))
        time.sleep(2)  # the cluster's workers are up before the load starts
        result = rig.load(f"http://127.0.0.1:{PORT}/hooks/bench/", auth, args.seconds, args.connections, "c")
        load_ended = time.time()
        rows = rig.inbox_rows()
        rate, drain_s, processed = rig.drain(result["acked"], load_ended, backlog=False)
    finally:
        rig.stop(procs)
    lost = max(0, result["acked"] - rows) + max(0, result["acked"] - processed)
    return {**result, "rate": rate, "drain": drain_s, "lost": lost}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=1)
    parser.add_argument("--q-workers", type=int, default=2)
    parser.add_argument("--backlog", action="store_true", help="intake and the reference only (no concurrent load)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile N deliveries in-process and stop")
    parser.add_argument("--latency", action="store_true", help="100 deliveries/s for 60 s to the Credly emulator")
    parser.add_argument("--rate", type=int, default=100, help="deliveries per second of --latency")
    parser.add_argument("--cost", type=int, metavar="N", help="one completion's cost to a worker, over N (x100)")
    args = parser.parse_args()
    if args.cost:
        from bench import ingest_cost

        return ingest_cost.cost(args.cost)
    if args.latency:
        from bench import ingest_latency

        return ingest_latency.main(
            args.rate, args.seconds if args.seconds != 10 else ingest_latency.SECONDS, args.q_workers
        )
    if not args.profile and not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = rig.bench_env()
    auth, conn_id = rig.prepare(env)
    purge_queue()
    log = open(rig.ROOT / "var" / "bench-ingest.log", "w")  # noqa: SIM115
    try:
        if args.profile:
            from bench import ingest_profile

            return ingest_profile.profile(auth, args.profile)
        intake = backlog_phase(env, args, auth, log)
        bare = bare_phase(env, args, conn_id, log)
        lean = bare_phase(env, args, conn_id, log, "bench.bare_lean_settings")
        both = None if args.backlog else concurrent_phase(env, args, auth, log)
    finally:
        purge_queue()
        rig.drop()
    print(
        f"load: {args.seconds}s each, {args.connections} connections, {args.web_workers} web workers x "
        f"{args.web_threads} thread(s), {args.q_workers} queue workers; intake errors: {intake['non2xx']} non-2xx, "
        f"{intake['timeout']} timeouts; inbox rows {intake['rows']} for {intake['acked']} acknowledged"
    )
    print(
        f"ingest: {intake['per_second']:.0f} deliveries/s p50 {intake['p50_us'] / 1000:.1f} ms "
        f"p99 {intake['p99_us'] / 1000:.1f} ms lost {intake['lost']}"
    )
    print(f"bare: {bare['per_second']:.0f} deliveries/s ratio {intake['per_second'] / bare['per_second']:.2f}")
    print(
        f"bare, security middleware only: {lean['per_second']:.0f} deliveries/s "
        f"ratio {intake['per_second'] / lean['per_second']:.2f}"
    )
    print(f"processed: {intake['rate']:.0f} events/s drain {intake['drain']:.1f} s")
    if both:
        print(
            f"concurrent: {both['rate']:.0f} events/s end to end p99 ack {both['p99_us'] / 1000:.1f} ms "
            f"(acknowledged {both['per_second']:.0f}/s, lost {both['lost']}, drain {both['drain']:.1f} s)"
        )


if __name__ == "__main__":
    main()
