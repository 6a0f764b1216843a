"""`bench/webhook_ingest.py --profile N`: where the time of one delivery goes.

N distinct Docebo deliveries are passed in-process through the WSGI application (the middleware,
the intake, the INSERT and the enqueue to Redis all run; no socket, no gunicorn) under cProfile.
Prints the wall and CPU time per delivery, the share of each step, and the costliest functions.
"""

import cProfile
import io
import os
import pstats
import time

# (label, file suffix, function name): cumulative time of these is what each step costs
STEPS = [
    ("whole WSGI call", "django/core/handlers/wsgi.py", "__call__"),
    ("intake view", "sync/views.py", "webhook"),
    ("connection lookup", "sync/views.py", "_connection"),
    ("  version key read", "integrations/webhook_connections.py", "current_version"),
    ("read body", "sync/views.py", "read_body"),
    ("authenticate", "sync/views.py", "authenticated"),
    ("parse (receiver)", "docebo/webhooks.py", "parse"),
    ("store (event_ingest)", "sync/services/events.py", "event_ingest"),
    ("  INSERT", "sync/services/inbox_insert.py", "insert_event"),
    ("  enqueue", "sync/queue.py", "enqueue"),
]


def environ(auth: str, i: int) -> dict:
    body = (
        f'{{"message_id":"prof-{i}","webhook_id":1,"event":"user.created",'
        f'"payload":{{"user_id":{i},"username":"u{i}@example.com"}}}}'
    ).encode()
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/hooks/bench/",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": auth,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "REMOTE_ADDR": "127.0.0.1",
    }


def profile(auth: str, n: int) -> None:
    from config.wsgi import application

    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for i in range(20):  # warm up: imports, connection, caches
        b"".join(application(environ(auth, -1 - i), start_response))
    plain = [environ(auth, n + i) for i in range(n)]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for env in plain:  # first without the profiler: what a delivery costs this process
        b"".join(application(env, start_response))
    wall0, cpu0 = time.perf_counter() - wall0, time.process_time() - cpu0
    print(f"plain: {n} deliveries in-process: {cpu0 / n * 1000:.2f} ms CPU and {wall0 / n * 1000:.2f} ms wall each")
    envs = [environ(auth, i) for i in range(n)]
    profiler = cProfile.Profile(time.process_time)  # CPU: what a loaded machine does not blur
    wall, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    for env in envs:
        b"".join(application(env, start_response))
    profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ok = sum(s.startswith("202") for s in statuses[20 + n :])
    print(f"profile: {n} deliveries in-process, {ok} answered 202; per delivery {wall / n * 1000:.2f} ms wall, ")
    print(f"         {cpu / n * 1000:.2f} ms CPU (under cProfile, which adds its own); CPU time per step:")
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, *STEPS[0][1:]) or 1
    for label, suffix, name in STEPS:
        spent = _cumulative(stats, suffix, name)
        print(f"  {label:<22} {spent / n * 1000:6.2f} ms  {spent / total:5.0%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    if os.environ.get("PROFILE_DUMP"):
        profiler.dump_stats(os.environ["PROFILE_DUMP"])
    print("costliest functions by own time:")
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    return sum(v[3] for (file, _, func), v in stats.stats.items() if file.endswith(suffix) and func == name)
