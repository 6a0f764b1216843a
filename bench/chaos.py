"""Chaos benchmark: the hub on PostgreSQL and Redis, as production runs it, through faults.

    .venv/bin/python bench/chaos.py                       # every scenario, about 10 minutes
    .venv/bin/python bench/chaos.py --events 100          # smaller
    .venv/bin/python bench/chaos.py --only kills --only broker

Starts (bench/chaos_rig.py) its own database `crosswalk_chaos` on the machine's PostgreSQL, its own
redis-server on port 6390, the hub (`gunicorn config.wsgi` with the sandbox on, two
`manage.py qcluster`), and the emulators on a separate gunicorn; `migrate`, `setup_schedules` and
`seed_demo` as the demo does. Then, unattended (bench/chaos_scenarios.py, bench/chaos_faults.py):

1. duplicates: Docebo completions of the demo's badge course, ~10% delivered again (half at the same
   instant as the original), shuffled;
2. kills: three kill -9 of a qcluster process group while events are in progress, each restarted;
3. broker: the bench's redis-server shut down for 20 s during intake, then started again (empty);
4. database: a PostgreSQL restart; skipped, the server is shared;
5. vendor: Credly answers 429, then 500, then hangs, while completions arrive; dead events replayed;
6. run_now: two admins post "Run now" of the Docebo -> Credly batch at the same instant.

Each scenario prints what happened and then
`chaos: sent <N> acked <A> processed <P> lost <L> duplicated <D> orphan_recovery_s <R>`;
the last such line is the total (sums, the longest recovery, and duplicates counted again over
every learner of the run). lost: acknowledged deliveries with no inbox row or not processed;
duplicated: a dedupe key stored twice, or a learner with two live badges of one template in the
Credly emulator. Targets: lost 0, duplicated 0, orphan_recovery_s <= 90. Every process started
is stopped and the database dropped at the end, also on failure or Ctrl-C. Logs: var/bench/chaos/.
"""

import argparse
import os
import signal
import sys
import time
import traceback

import chaos_faults
import chaos_scenarios
from chaos_rig import ROOT, Rig
from chaos_scenarios import Result
from chaos_world import World

SCENARIOS = ("duplicates", "kills", "broker", "database", "db_outage", "vendor", "run_now", "race")
LABELS = dict(zip(SCENARIOS, ("1", "2", "3", "4", "4b", "5", "6", "7"), strict=True))
RECOVERY_TARGET_S = 90


def run_scenario(name: str, rig: Rig, world: World, args) -> Result:
    n = args.events
    return {
        "duplicates": lambda: chaos_scenarios.duplicates(rig, world, n),
        "kills": lambda: chaos_scenarios.kills(rig, world, n, latency_ms=args.kill_latency_ms),
        "broker": lambda: chaos_scenarios.broker(rig, world, max(10, n // 2)),
        "database": lambda: chaos_faults.database(rig, world, n),
        "db_outage": lambda: chaos_faults.db_outage(rig, world, max(10, n // 3)),
        "vendor": lambda: chaos_faults.vendor(rig, world, max(10, n // 3)),
        "run_now": lambda: chaos_faults.run_now(rig, world, max(10, n // 2)),
        "race": lambda: chaos_faults.race(rig, world, max(10, n // 3)),
    }[name]()


def report(label: str, result: Result) -> None:
    print(f"\n[{label}] {result.name}", flush=True)
    if result.skipped:
        print(f"  skipped: {result.skipped}", flush=True)
        return
    for note in result.notes:
        print(f"  {note}")
    misses = []
    if result.lost:
        misses.append(f"lost {result.lost}")
    if result.duplicated:
        misses.append(f"duplicated {result.duplicated}")
    if result.recovery is not None and result.recovery > RECOVERY_TARGET_S:
        misses.append(f"orphan recovery {result.recovery:.1f} s > {RECOVERY_TARGET_S} s")
    if misses:
        print(f"  TARGET MISSED: {', '.join(misses)}")
    print(result.line(), flush=True)


def total(results: list[Result], world: World | None) -> Result:
    ran = [r for r in results if not r.skipped]
    out = Result("total")
    for r in ran:
        out.sent, out.acked, out.processed, out.lost = (
            out.sent + r.sent,
            out.acked + r.acked,
            out.processed + r.processed,
            out.lost + r.lost,
        )
    recoveries = [r.recovery for r in ran if r.recovery is not None]
    out.recovery = max(recoveries) if recoveries else None
    out.duplicated = sum(r.duplicated for r in ran)
    if world is not None:
        from integrations.credly.sandbox.models import IssuedBadge

        emails = IssuedBadge.objects.filter(recipient_email__startswith="chaos-").values_list("recipient_email")
        out.duplicated = max(out.duplicated, world.tally([], {e for (e,) in emails})["duplicated"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=300, help="completions per scenario (broker, run_now: half)")
    parser.add_argument("--only", action="append", choices=SCENARIOS, help="run only this scenario (repeatable)")
    parser.add_argument("--redis-port", type=int, default=6390, help="port of the bench's own redis-server")
    parser.add_argument("--kill-latency-ms", type=int, default=300, help="Credly's added latency while killing")
    args = parser.parse_args()
    chosen = [s for s in SCENARIOS if not args.only or s in args.only]
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    rig, world, results, began = Rig(redis_port=args.redis_port), None, [], time.monotonic()
    summary = None
    print(f"chaos bench: scenarios {', '.join(chosen)}; logs in var/bench/chaos/", flush=True)
    try:
        rig.redis.start()
        rig.create_database()
        for command in (["migrate", "--no-input", "-v", "0"], ["setup_schedules"], ["seed_demo"]):
            rig.manage(*command)
        os.environ.update(rig.env)
        import django

        django.setup()
        world = World(rig)
        world.prepare()
        rig.start_servers()
        rig.start_workers()
        world.wait_ready()
        print(f"hub {rig.hub_url}, emulators {rig.emu_url}, ready in {time.monotonic() - began:.0f} s", flush=True)
        for name in chosen:
            result = run_scenario(name, rig, world, args)
            results.append(result)
            report(LABELS[name], result)
        summary = total(results, world)
    except BaseException:
        traceback.print_exc()
        summary = total(results, None)
        summary.notes.append("the bench stopped early: the totals cover the scenarios above only")
        raise
    finally:
        rig.stop()
        rig.drop_database()
        print(f"\n[total] {len(results)} scenario(s) in {time.monotonic() - began:.0f} s", flush=True)
        if summary is not None:
            for note in summary.notes:
                print(f"  {note}")
            print(summary.line(), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
