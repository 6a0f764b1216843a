"""Client-side pacing of Credentially's small per-second buckets (contract §4.1: `download-file`
is 5 req/s), so a pool of sync threads spends the bucket evenly instead of bursting past it and
paying a 429 (a metered call, and a `Retry-After` sleep) for every request over the line.

One pacer per (connection, bucket) in this process, shared by every thread and client of it.
Several worker processes share the vendor's bucket but not this pacer: a 429 that still comes
is sat out by the client as before (`Retry-After`), so pacing only spares calls, never loses one.
"""

import threading
import time

MAX_AHEAD = 30.0  # seconds; far past any real queue (16 threads at 5/s wait 3.2 s at most)
_lock = threading.Lock()
_next_slot: dict[tuple[int, str], float] = {}


def pace(connection_id: int, bucket: str, per_second: float) -> float:
    """Wait for this call's slot in the bucket (at most `per_second` calls a second); returns the wait."""
    if per_second <= 0:
        return 0.0
    interval = 1.0 / per_second
    with _lock:
        now = time.monotonic()
        slot = max(now, _next_slot.get((connection_id, bucket), now))
        if slot - now > MAX_AHEAD:  # the clock jumped back (a test's time travel): start afresh
            slot = now
        _next_slot[(connection_id, bucket)] = slot + interval
    wait = slot - now
    if wait > 0:
        time.sleep(wait)
    return wait


def reset() -> None:
    """Forget every slot (tests)."""
    with _lock:
        _next_slot.clear()
