"""Benchmark of the Docebo -> Credly batch: badges issued per second, API calls per badge, peak
memory of the worker, and a second run with nothing changed (which must write nothing).

    .venv/bin/python bench/batch_sync.py            # 1,000 then 10,000 completions
    .venv/bin/python bench/batch_sync.py 2000       # other sizes

Each size gets its own SQLite file under var/bench/, a real gunicorn serving both emulators on
127.0.0.1 (the Docebo one with 50 ms added to every call, via the sandbox fault switch), and a
separate worker process that executes the run slice by slice exactly as a qcluster worker would
(`sync.services.runs.run_execute`). Completions: spread over 100 courses, each course with its own
badge template chosen in Docebo's badge field. Calls are counted by the flow's clients and kept in
the run's checkpoint; peak memory is the worker's own `ru_maxrss`. Nothing leaves 127.0.0.1.
The last line reads: batch: <N> badges/s calls/badge <R> peak_rss_mb <M> second_run_writes <W>
"""

import json
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date

import harness  # bench/harness.py: shared set-up of the sandbox benchmarks

ROOT = harness.ROOT
COURSES = 100
LATENCY_MS = 50
DOCEBO_CALL = re.compile(r'"(GET|POST|PUT|PATCH|DELETE) /sandbox/docebo/([^ ?"]+)')


# --- worker mode: one process executing the run, as a qcluster worker would -------------------------
def worker(run_id: int) -> None:
    import django

    django.setup()
    from sync.models import RUN_ACTIVE, Run
    from sync.services.runs import run_execute

    while True:
        run_execute(run_id=run_id)  # with Q sync, a yielded slice re-enqueues (runs) the next one inline
        if Run.objects.get(pk=run_id).status not in RUN_ACTIVE:
            break
    print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


# --- driver mode ----------------------------------------------------------------------------------------
def scenario(completions: int) -> dict:
    db = harness.fresh_sqlite(f"batch-{completions}")
    port = harness.free_port()
    env = harness.sandbox_environment(db, port)
    harness.migrate(env)
    access_log = db.with_suffix(".access.log")  # every emulated call by path: where the calls go
    access_log.unlink(missing_ok=True)
    server = harness.start_server(env, port, workers=2, threads=4, access_log=access_log)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--setup", str(completions)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(out.stdout.strip().splitlines()[-1])
        first = _measured_run(env, access_log)
        second = _measured_run(env, access_log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"completions": completions, **setup, "first": first, "second": second}


def _measured_run(env: dict, access_log) -> dict:
    seen = len(access_log.read_text(errors="replace").splitlines())
    run_id = int(
        subprocess.run(
            [sys.executable, __file__, "--queue"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(run_id)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - started
    peak = json.loads(out.stdout.strip().splitlines()[-1])["peak_rss_mb"]
    report = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--report", str(run_id)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    time.sleep(1)  # let gunicorn flush its access log
    lines = access_log.read_text(errors="replace").splitlines()[seen:]
    return {**report, "seconds": round(elapsed, 1), "peak_rss_mb": round(peak, 1), "docebo_paths": _paths(lines)}


def _paths(lines: list[str]) -> dict[str, int]:
    """Docebo calls by path, ids folded to N (the token call included: the clients do not count it)."""
    found = (DOCEBO_CALL.search(line) for line in lines)
    paths = Counter(re.sub(r"\d+", "N", f"{m[1]} {m[2]}") for m in found if m)
    return dict(paths.most_common())


# --- helpers run inside the bench's Django (own processes, own SQLite file) ------------------------------
def setup(completions: int) -> None:
    """Emulators, connections, 100 templates in Credly, the badge field synced, each bulk course given
    its own template, `completions` completed enrollments, and 50 ms on every Docebo call."""
    import django

    django.setup()
    from demo.connections import ensure_sandbox_connection
    from integrations.credly.sandbox import EMULATOR as CREDLY
    from integrations.credly.sandbox import state as credly_state
    from integrations.credly.sandbox.models import Organization
    from integrations.docebo.sandbox import EMULATOR as DOCEBO
    from integrations.docebo.sandbox import state
    from integrations.docebo.sandbox.models import Course, CourseField, Webhook
    from integrations.sandbox.models import SandboxFault
    from mappings.badges.services import settings_ensure_defaults
    from sync.models import Run
    from sync.services.runs import run_enqueue

    CREDLY.seed()
    DOCEBO.seed()
    ensure_sandbox_connection(system="credly", slug="credly-bench", name="Credly bench")
    ensure_sandbox_connection(system="docebo", slug="docebo-bench", name="Docebo bench")
    # the benchmark measures the batch: no webhooks to a hub that is not listening
    Organization.objects.update(webhook_url="")
    Webhook.objects.update(active=False)
    settings_ensure_defaults()
    org = Organization.objects.get()
    for i in range(COURSES):
        credly_state.template_create(org, name=f"Bench badge {i:03d}", state="active")
    learners = max(1, completions // COURSES)
    DOCEBO.seed_bulk(courses=COURSES, learners=learners, completions=completions, completed_on=date.today())
    run_enqueue(flow_key="badges.templates_from_credly", trigger="manual")  # inline (Q sync); then the field sync
    assert all(r.status == "succeeded" for r in Run.objects.all()), list(Run.objects.values("status", "message"))
    field = CourseField.objects.get(name="Credly badge")
    options = {o.label: o for o in field.options.all()}
    bulk = Course.objects.filter(name__startswith="Bulk course").order_by("pk")
    for i, course in enumerate(bulk):
        state.set_course_option(course=course, field=field, option=options[f"Bench badge {i:03d}"])
    SandboxFault.objects.update_or_create(system="docebo", defaults={"latency_ms": LATENCY_MS})
    print(json.dumps({"learners": learners, "courses": bulk.count()}))


def queue() -> None:
    import django

    django.setup()
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row

    # the row only: the worker process executes it (run_enqueue would run it inline here)
    print(Run.objects.create(flow=flow_row("badges.docebo_to_credly"), trigger=Trigger.MANUAL).pk)


def report(run_id: int) -> None:
    import django

    django.setup()
    from integrations.credly.sandbox.models import IssuedBadge
    from sync.models import Run

    run = Run.objects.get(pk=run_id)
    calls = run.checkpoint.get("api_calls") or {}
    print(
        json.dumps(
            {
                "status": run.status,
                "created": run.created,
                "writes": run.created + run.updated,
                "failed": run.failed,
                "calls": calls,
                "credly_badges": IssuedBadge.objects.count(),
            }
        )
    )


def main(sizes: list[int]) -> None:
    results = [scenario(n) for n in sizes]
    for r in results:
        first, second = r["first"], r["second"]
        calls = sum(first["calls"].values())
        badges = max(first["created"], 1)
        print(
            f"{r['completions']:>6} completions over {r['courses']} courses ({r['learners']} learners), "
            f"Docebo +{LATENCY_MS} ms/call"
        )
        print(
            f"  first run : {first['created']} badges in {first['seconds']} s = "
            f"{first['created'] / first['seconds']:.1f} badges/s; calls {first['calls']} = {calls / badges:.3f}/badge; "
            f"worker peak RSS {first['peak_rss_mb']} MB; failed {first['failed']}"
        )
        print(
            f"  second run: {second['writes']} writes, calls {second['calls']}, {second['seconds']} s, "
            f"peak RSS {second['peak_rss_mb']} MB; Credly badges before/after {first['credly_badges']}/"
            f"{second['credly_badges']}"
        )
        print(f"  Docebo calls by path, first run: {first['docebo_paths']}")
    last = results[-1]
    first = last["first"]
    rate = first["created"] / first["seconds"]
    ratio = sum(first["calls"].values()) / max(first["created"], 1)
    print(
        f"batch: {rate:.1f} badges/s calls/badge {ratio:.3f} peak_rss_mb {first['peak_rss_mb']:.1f} "
        f"second_run_writes {last['second']['writes']}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        worker(int(args[1]))
    elif args[:1] == ["--setup"]:
        setup(int(args[1]))
    elif args[:1] == ["--queue"]:
        queue()
    elif args[:1] == ["--report"]:
        report(int(args[1]))
    else:
        main([int(a) for a in args] or [1000, 10000])
