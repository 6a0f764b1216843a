"""Leases renewed while a worker is alive, so a dead worker's work is taken again quickly.

Events and runs are claimed with a short lease (EVENT_LEASE_SECONDS); while the worker holds
them, a thread renews the lease every EVENT_HEARTBEAT_SECONDS. A worker that dies stops renewing,
its lease runs out within EVENT_LEASE_SECONDS, and the next sweep (every minute) hands its work
to another worker: a crash costs at most lease + sweep interval, not minutes.
"""

import contextlib
import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("crosswalk.sync")


@contextlib.contextmanager
def keep_alive(queryset):
    """Renew `lease_until` on the rows of `queryset` until the block ends."""
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(queryset, stop), daemon=True, name="lease-heartbeat")
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=5)


def _beat(queryset, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.EVENT_HEARTBEAT_SECONDS):
            lease = timezone.now() + timezone.timedelta(seconds=settings.EVENT_LEASE_SECONDS)
            try:
                queryset.update(lease_until=lease)
            except Exception:  # a missed beat only shortens the lease; the next one may succeed
                logger.warning("heartbeat_failed", exc_info=True)
    finally:
        connection.close()  # this thread's own database connection
