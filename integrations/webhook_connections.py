"""The connection a webhook names, kept per process; one version key in the shared cache
makes every process read it again after any change to any connection.

Intake looks a connection up on every delivery; reading it from memory saves a query per
delivery. A change (disabled, secret rotated, credentials replaced, slug renamed, deleted)
bumps the version through the model's save/delete and its queryset's update/delete
(integrations/models.py), so the next delivery to every web process, on every machine sharing
the cache, sees it. The bump happens at once and again after the transaction commits: a process
that read the old row between the two is corrected by the second. A cache that cannot be read
(Redis down) turns the process cache off: each delivery then reads the database, as before.
Rows changed outside Django (psql by hand) are seen after MAX_AGE_SECONDS at the latest.
"""

import functools
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("crosswalk.integrations")

VERSION_KEY = "connections:version"
MAX_AGE_SECONDS = 60  # a safety net for writes that bypass the ORM; the version key is the real invalidation

_lock = threading.Lock()
_entries: dict[str, tuple[str, float, object]] = {}  # slug -> (version, read at, Connection)


def connections_changed() -> None:
    """Tell every process that some connection changed: now, and again once the change commits."""
    _bump()
    transaction.on_commit(_bump)


@functools.cache
def _redis():
    """One client per process. Django's Redis cache builds a client per call, which costs more
    CPU than the query this cache saves (measured with bench/webhook_ingest.py --profile)."""
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)


def _get() -> str | None:
    if settings.REDIS_URL:
        value = _redis().get(VERSION_KEY)
        return value.decode() if value is not None else None
    return cache.get(VERSION_KEY)


def _set(value: str, *, only_if_missing: bool = False) -> None:
    if settings.REDIS_URL:
        _redis().set(VERSION_KEY, value, nx=only_if_missing)
    elif only_if_missing:
        cache.add(VERSION_KEY, value, None)
    else:
        cache.set(VERSION_KEY, value, None)


def _bump() -> None:
    try:
        _set(uuid.uuid4().hex)
    except Exception:  # the cache is down: readers cannot read the version either, so they use the DB
        logger.warning("connection_version_bump_failed", exc_info=True)
    with _lock:
        _entries.clear()  # this process at least needs no cache round trip to know


def current_version() -> str | None:
    """The shared version, created when missing (after a cache restart); None when the cache is down."""
    try:
        version = _get()
        if version is None:
            _set(uuid.uuid4().hex, only_if_missing=True)
            version = _get()
        return version
    except Exception:
        logger.warning("connection_version_unreadable", exc_info=True)
        return None


def enabled_connection(slug: str):
    """The enabled connection with this slug (credentials loaded on first use), or None.

    Raises DatabaseError when the database is down, like the query it replaces."""
    from integrations.models import Connection

    version = current_version()
    now = time.monotonic()
    if version is not None:
        entry = _entries.get(slug)
        if entry and entry[0] == version and now - entry[1] < MAX_AGE_SECONDS:
            return entry[2]
    # Credentials are decrypted only if the scheme needs them (HMAC): most deliveries do not.
    conn = Connection.objects.filter(slug=slug, enabled=True).defer("credentials").order_by().first()
    if conn is not None and version is not None:
        with _lock:
            _entries[slug] = (version, now, conn)
    return conn
