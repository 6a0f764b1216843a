"""Counting what happens (vendor calls, retries, runs, e-mails) in any process, into one shared store.

Gunicorn workers and qcluster workers (on one machine or many) each count in memory, under a lock
(a dictionary addition: about a microsecond), and a daemon thread adds the counts to the database
every METRICS_FLUSH_SECONDS with one upsert statement (`value = value + excluded.value`): exact
across processes and machines, never lost by a read-modify-write race, and readable by whichever
web process Prometheus scrapes. A qcluster worker also flushes after each task (at most once a
second), because django-q recycles a worker process without running its exit handlers. Why not
prometheus_client's multiprocess mode or the cache: docs/metrics.md (with the measurements).

Off (nothing counted) while METRICS_TOKEN is unset, since nothing could read the counts.
"""

import atexit
import json
import logging
import os
import threading
import time
from bisect import bisect_left

from django.conf import settings
from django.db import DatabaseError, connection

from metrics.definitions import RECORDED

logger = logging.getLogger("crosswalk.metrics")


class _State:
    def __init__(self):
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.pending: dict[tuple[str, str], float] = {}
        self.thread: threading.Thread | None = None
        self.last_flush = time.monotonic()


_state = _State()


_config: tuple[bool, float] | None = None  # (on, flush seconds): read once, the hot path is every call


def _settings() -> tuple[bool, float]:
    global _config
    if _config is None:
        _config = (bool(getattr(settings, "METRICS_TOKEN", "")), float(settings.METRICS_FLUSH_SECONDS))
    return _config


def _settings_changed(*, setting: str, **_) -> None:
    global _config
    if setting in ("METRICS_TOKEN", "METRICS_FLUSH_SECONDS"):
        _config = None


def enabled() -> bool:
    return _settings()[0]


def _current() -> _State:
    """This process's buffer; a forked child starts its own (the parent flushes what it counted)."""
    global _state
    if _state.pid != os.getpid():
        _state = _State()
    return _state


_LE = {name: [str(b) for b in m.buckets] for name, m in RECORDED.items()}  # each bucket's `le` label
_LABELS: dict[tuple, str] = {}  # label sets seen: made once (a few dozen per process)


def _labels(values: dict) -> str:
    key = tuple(values.items())
    made = _LABELS.get(key)
    if made is None:
        made = _LABELS[key] = json.dumps({k: str(v) for k, v in values.items()}, sort_keys=True, separators=(",", ":"))
    return made


def _add(items: list[tuple[str, str, float]]) -> None:
    state = _current()
    with state.lock:
        for name, labels, amount in items:
            state.pending[(name, labels)] = state.pending.get((name, labels), 0.0) + amount
    if _settings()[1] <= 0:
        flush()  # tests: at once, in the caller's transaction
    elif state.thread is None or not state.thread.is_alive():
        _start_flusher(state)


def inc(name: str, amount: float = 1.0, **labels) -> None:
    if enabled():
        _add([(name, _labels(labels), amount)])


def observe(name: str, value: float, **labels) -> None:
    """One observation of a histogram: its bucket (stored non-cumulative), its sum and its count."""
    if not enabled():
        return
    buckets = RECORDED[name].buckets
    index = bisect_left(buckets, value)
    le = _LE[name][index] if index < len(buckets) else "+Inf"
    _add(
        [
            (f"{name}_bucket", _labels({**labels, "le": le}), 1.0),
            (f"{name}_sum", _labels(labels), value),
            (f"{name}_count", _labels(labels), 1.0),
        ]
    )


def run_finished(*, flow: str, status: str, started, finished) -> None:
    """A run of `flow` ended with `status`: its duration, from a worker's start to its finish."""
    if enabled() and started and finished:
        observe("crosswalk_run_duration_seconds", (finished - started).total_seconds(), flow=flow, status=status)


# One statement adds every sample: SQLite (3.24+) and PostgreSQL both add on conflict, atomically.
UPSERT = (
    "INSERT INTO metrics_sample (name, labels, value) VALUES (%s, %s, %s) "
    "ON CONFLICT (name, labels) DO UPDATE SET value = metrics_sample.value + excluded.value"
)


def flush() -> int:
    """Add what this process counted to the shared store; returns how many samples were written.
    On a database error the counts are kept for the next flush, not lost."""
    state = _current()
    with state.lock:
        taken, state.pending = state.pending, {}
        state.last_flush = time.monotonic()
    if not taken:
        return 0
    try:
        with connection.cursor() as cursor:
            cursor.executemany(UPSERT, [(name, labels, value) for (name, labels), value in taken.items()])
    except DatabaseError:
        logger.warning("metrics_flush_failed samples=%d (kept for the next flush)", len(taken), exc_info=True)
        with state.lock:
            for key, value in taken.items():
                state.pending[key] = state.pending.get(key, 0.0) + value
        return 0
    return len(taken)


def _start_flusher(state: _State) -> None:
    with state.lock:
        if state.thread is not None and state.thread.is_alive():
            return
        state.thread = threading.Thread(target=_flush_forever, name="metrics-flush", daemon=True)
        state.thread.start()


def _flush_forever() -> None:
    while True:
        time.sleep(settings.METRICS_FLUSH_SECONDS)
        try:
            flush()
        finally:
            connection.close()  # this thread's own connection: not held open between flushes


def flush_soon(**_) -> None:
    """After a worker's task: flush when the last flush is over a second old (the process may be
    recycled next, without exit handlers)."""
    state = _current()
    if state.pending and time.monotonic() - state.last_flush > 1.0:
        flush()


def connect_worker_signals() -> None:
    from django.core.signals import setting_changed
    from django_q.signals import post_execute

    post_execute.connect(flush_soon, dispatch_uid="metrics_flush_after_task")
    setting_changed.connect(_settings_changed, dispatch_uid="metrics_settings_changed")
    atexit.register(lambda: enabled() and flush())
