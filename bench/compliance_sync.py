"""Benchmark of the Credentially -> iCIMS sync-back: people synced per second, API calls per changed
object, and the writes of a second run with nothing changed (which must be zero).

    .venv/bin/python bench/compliance_sync.py           # 5,000 staff, 2 documents each
    .venv/bin/python bench/compliance_sync.py 500       # another size

A fresh SQLite file under var/bench/, a real gunicorn serving both emulators on 127.0.0.1 with
50 ms added to every API call (the sandbox fault switch), and a separate worker process that
executes the run slice by slice as a qcluster worker would (`sync.services.runs.run_execute`).
The staff are in the Credentially emulator (bulk seeded, each with documents) and linked to
iCIMS people, as phase 1 would have left them. Calls are counted twice, independently: by the
flow's clients (kept in the run's checkpoint) and by gunicorn's access log (every request that
reached an emulator; a write is any request that is not a GET). iCIMS allows about 10,000 calls a
day per customer, so the iCIMS share is printed on its own.
The `budget:` block gives, per vendor (Credentially per rate bucket), the calls per minute used
against the documented limit as a share, the 429s served, and a projection for 5,000 people from
the measured run: the longest of the run scaled up (the flow's concurrency) and each bucket's
calls at its documented rate; iCIMS's daily licence is named when 5,000 people need more.
The last line reads: compliance: <N> people/s calls/object <R> second_run_writes <W>
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import harness  # bench/harness.py: shared set-up of the sandbox benchmarks
from compliance_budget import CREDENTIALLY_BUCKETS, budget_lines

ROOT = harness.ROOT
LATENCY_MS = 50
DOCUMENTS_PER_PERSON = 2
CONCURRENCY = 16  # the Credentially connection's `sync_concurrency` setting
EMULATOR_CALL = re.compile(r'"(GET|POST|PUT|PATCH|DELETE) /sandbox/(icims|credentially)/(?!_)(\S*)" (\d{3})')


def _django(*args: str, env: dict) -> str:
    out = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


# --- driver ---------------------------------------------------------------------------------------------
def scenario(staff: int) -> dict:
    db = harness.fresh_sqlite(f"compliance-{staff}")
    access_log = db.with_suffix(".access.log")
    access_log.unlink(missing_ok=True)
    port = harness.free_port()
    env = harness.sandbox_environment(db, port, MEDIA_ROOT=str(db.parent / f"{db.stem}-media"), RUN_SLICE_SECONDS="60")
    harness.migrate(env)
    server = harness.start_server(env, port, workers=4, threads=8, access_log=access_log)
    try:
        _django("--setup", str(staff), env=env)
        first = _measured_run(env, access_log)
        second = _measured_run(env, access_log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"staff": staff, "first": first, "second": second}


def _measured_run(env: dict, access_log: Path) -> dict:
    run_id = _django("--queue", env=env)
    seen = _emulator_calls(access_log)
    started = time.monotonic()
    _django("--worker", run_id, env=env)
    elapsed = time.monotonic() - started
    time.sleep(1)  # let gunicorn flush its access log
    after = _emulator_calls(access_log)
    served = {k: after[k] - seen.get(k, 0) for k in after}
    return {**json.loads(_django("--report", run_id, env=env)), "seconds": round(elapsed, 1), "served": served}


def _emulator_calls(access_log: Path) -> dict:
    """Requests served, from gunicorn's access log: per vendor, writes, 429s per vendor, and
    Credentially's calls per rate bucket (`bucket:<name>`)."""
    counts = {"icims": 0, "credentially": 0, "writes": 0, "429:icims": 0, "429:credentially": 0}
    if not access_log.exists():
        return counts
    for line in access_log.read_text(errors="replace").splitlines():
        match = EMULATOR_CALL.search(line)
        if not match:
            continue
        method, vendor, path, status = match.groups()
        counts[vendor] += 1
        counts["writes"] += method != "GET"
        counts[f"429:{vendor}"] += status == "429"
        if vendor == "credentially":
            name = next((name for pattern, name, _ in CREDENTIALLY_BUCKETS if pattern.search(path)), "other")
            counts[f"bucket:{name}"] = counts.get(f"bucket:{name}", 0) + 1
    return counts


# --- inside the bench's Django (own processes, own SQLite file) -------------------------------------------
def setup(staff: int) -> None:
    """Emulators and connections; `staff` people in Credentially with documents, each linked to an iCIMS
    person (what phase 1 leaves behind); 50 ms on every emulated call; webhooks off (this measures polling)."""
    import django

    django.setup()
    from demo.connections import ensure_sandbox_connection
    from integrations.credentially.sandbox import EMULATOR as CREDENTIALLY
    from integrations.credentially.sandbox.models import Profile, Subscription
    from integrations.credentially.sandbox.seed import seed_bulk
    from integrations.icims.sandbox import EMULATOR as ICIMS
    from integrations.icims.sandbox.models import Customer, NotificationTarget, Person
    from integrations.icims.sandbox.seed import person_fields
    from integrations.models import Connection
    from integrations.sandbox.models import SandboxFault
    from mappings.compliance.models import StaffRecord

    ICIMS.seed()
    CREDENTIALLY.seed()
    ats = ensure_sandbox_connection(system="icims", slug="icims-bench", name="iCIMS bench")
    cred = ensure_sandbox_connection(system="credentially", slug="credentially-bench", name="Credentially bench")
    NotificationTarget.objects.update(enabled=False)
    Subscription.objects.all().delete()
    Connection.objects.filter(pk=cred.pk).update(settings={**cred.settings, "sync_concurrency": CONCURRENCY})
    # opt-in (unconfirmed iCIMS behaviour, docs/compliance.md): the batched person write is what is measured
    Connection.objects.filter(pk=ats.pk).update(settings={**ats.settings, "documents_batch_groups": True})
    seed_bulk(staff=staff, documents_per_person=DOCUMENTS_PER_PERSON)
    profiles = list(Profile.objects.filter(email__startswith="bulk").order_by("id"))
    customer = Customer.objects.get()
    people = Person.objects.bulk_create(
        [Person(customer=customer, fields=person_fields(p.first_name, p.last_name, p.email)) for p in profiles],
        batch_size=1000,
    )
    StaffRecord.objects.bulk_create(
        [
            StaffRecord(
                credentially_connection=cred,
                profile_id=p.public_id,
                ats_connection=ats,
                ats_person_id=str(person.pk),
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                role_name="Registered Nurse",
            )
            for p, person in zip(profiles, people, strict=True)
        ],
        batch_size=1000,
    )
    for system in ("icims", "credentially"):
        SandboxFault.objects.update_or_create(system=system, defaults={"latency_ms": LATENCY_MS})
    print(json.dumps({"staff": len(profiles)}))


def queue() -> None:
    import django

    django.setup()
    from integrations.models import Connection
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row

    cred = Connection.objects.get(slug="credentially-bench")
    # the row only: the worker process executes it (run_enqueue would run it inline here)
    print(
        Run.objects.create(
            flow=flow_row("compliance.sync_back"), trigger=Trigger.MANUAL, params={"connection": cred.pk}
        ).pk
    )


def worker(run_id: int) -> None:
    import django

    django.setup()
    from sync.models import RUN_ACTIVE, Run
    from sync.services.runs import run_execute

    while True:
        run_execute(run_id=run_id)  # with Q sync, a yielded slice re-enqueues (runs) the next one inline
        if Run.objects.get(pk=run_id).status not in RUN_ACTIVE:
            break
        time.sleep(0.5)  # paused (rate limit or outage): the lease says when it may be taken again
    print("done")


def report(run_id: int) -> None:
    import django

    django.setup()
    from mappings.compliance.models import StaffDocumentFile
    from sync.models import Run

    run = Run.objects.get(pk=run_id)
    print(
        json.dumps(
            {
                "status": run.status,
                "read": run.read,
                "updated": run.updated,
                "unchanged": run.skipped,
                "failed": run.failed,
                "calls": run.checkpoint.get("calls") or {},
                "stats": run.checkpoint.get("stats") or {},
                "files_sent": StaffDocumentFile.objects.filter(status="sent").count(),
            }
        )
    )


def main(sizes: list[int]) -> None:
    results = [scenario(n) for n in sizes]
    for r in results:
        first, second = r["first"], r["second"]
        calls = sum(first["calls"].values())
        objects = max(first["stats"].get("changed_objects", 0), 1)
        print(
            f"{r['staff']:>6} staff x {DOCUMENTS_PER_PERSON} documents, +{LATENCY_MS} ms per emulated call, "
            f"{CONCURRENCY} threads, iCIMS document groups in the person PATCH (documents_batch_groups, opt-in)"
        )
        print(
            f"  first run : {r['staff']} people in {first['seconds']} s = {r['staff'] / first['seconds']:.1f}"
            f" people/s ({first['read']} read); {first['updated']} updated, {first['failed']} failed "
            f"({first['status']}); "
            f"{first['stats'].get('changed_objects')} changed objects, {first['files_sent']} files sent"
        )
        print(
            f"              calls by the clients {first['calls']} = {calls / objects:.3f}/object; "
            f"served by the emulators {first['served']}"
        )
        print(
            f"  second run: {second['read']} people in {second['seconds']} s, {second['unchanged']} unchanged; "
            f"calls {second['calls']}; writes by the clients {second['stats'].get('writes')}, "
            f"served {second['served']}"
        )
        print(f"  iCIMS calls per person per quiet poll: {second['calls'].get('ats', 0) / max(second['read'], 1):.3f}")
        per_path = {
            k.split(":", 1)[1]: round(v / r["staff"], 2) for k, v in first["served"].items() if k[:7] == "bucket:"
        }
        print(f"  credentially calls per person by bucket: {per_path}")
        print(f"  iCIMS calls per person: {first['served']['icims'] / r['staff']:.2f}")
    last = results[-1]
    first, second = last["first"], last["second"]
    print("budget: first run, " + f"{last['staff']} people in {first['seconds']} s")
    for line in budget_lines(last["staff"], first, latency_ms=LATENCY_MS):
        print(line)
    rate = last["staff"] / first["seconds"]
    ratio = sum(first["calls"].values()) / max(first["stats"].get("changed_objects", 0), 1)
    writes = max(second["stats"].get("writes", 0), second["served"]["writes"])
    print(f"compliance: {rate:.1f} people/s calls/object {ratio:.3f} second_run_writes {writes}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "--setup":
        setup(int(sys.argv[2]))
    elif mode == "--queue":
        queue()
    elif mode == "--worker":
        worker(int(sys.argv[2]))
    elif mode == "--report":
        report(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [5000])
