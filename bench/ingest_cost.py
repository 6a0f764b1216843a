"""`bench/webhook_ingest.py --cost N`: what one Docebo course completion costs the hub's worker.

The latency benchmark's set-up (emulators served by gunicorn, N completions over 100 courses), then
N events stored straight into the inbox and processed one at a time in this process, as a worker
would (`event_process`, no batch). Prints per event: the worker's CPU and wall time, its database
queries, the web server's CPU (the emulators answering its calls) and PostgreSQL's.
"""

import time

from bench import ingest_cpu
from bench import ingest_latency as lat
from bench import ingest_rig as rig

WARM_UP = 5  # imports, connections, the course field id


def _events(items: list[dict]) -> list[int]:
    from integrations.models import Connection
    from sync.models import InboundEvent
    from sync.services.inbox_insert import insert_event

    conn = Connection.objects.get(slug="docebo-bench")
    ids = []
    for i, item in enumerate(items):
        event = InboundEvent(
            connection=conn, event_type="course.enrollment.completed", dedupe_key=f"c{i}", payload=item
        )
        insert_event(event)  # no enqueue: no cluster runs, this process is the worker
        ids.append(event.pk)
    return ids


def cost(count: int) -> None:
    env = rig.bench_env(SANDBOX_ENABLED="1", ALLOW_PRIVATE_HOSTS="1", EXTRA_FLOW_MODULES="")
    rig.prepare(env, connection=False)
    procs = []
    try:
        procs.append(rig.start_server(env, lat.PORT, 3, 1, open(rig.ROOT / "var" / "bench-cost.log", "w")))  # noqa: SIM115
        ids = _events(lat.setup(env, count))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sync.models import EventStatus, InboundEvent
        from sync.services.processing import event_process

        for pk in ids[:WARM_UP]:
            event_process(event_id=pk, limit=1)
        with CaptureQueriesContext(connection) as queries:
            event_process(event_id=ids[WARM_UP], limit=1)
        before = ingest_cpu.snapshot({"web+emulators": procs[0].pid})
        wall, cpu = time.perf_counter(), time.process_time()
        for pk in ids[WARM_UP + 1 :]:
            event_process(event_id=pk, limit=1)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        spent = ingest_cpu.spent(before, ingest_cpu.snapshot({"web+emulators": procs[0].pid}))
        n = len(ids) - WARM_UP - 1
        done = InboundEvent.objects.filter(status=EventStatus.SUCCEEDED).count()
    finally:
        rig.stop(procs)
        rig.drop()
    print(
        f"cost: {n} events one at a time ({done} of {len(ids)} succeeded), {len(queries.captured_queries)} queries "
        f"each; per event: wall {wall / n * 1000:.1f} ms, worker CPU {cpu / n * 1000:.1f} ms, web+emulators CPU "
        f"{spent['web+emulators'] / n * 1000:.1f} ms, postgres CPU {spent['postgres'] / n * 1000:.1f} ms"
    )
