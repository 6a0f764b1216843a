"""A connection's health, shared by every worker through the cache: one rate limit for all
callers and a circuit breaker.

- A 429 whose wait is too long to sit out pauses the connection for everyone until the vendor's
  `Retry-After`: the next forty events do not each call into the same 429.
- After CIRCUIT_BREAKER_FAILURES calls in a row that ended in a timeout, a dropped connection or a
  5xx, the connection is paused for CIRCUIT_BREAKER_COOLOFF_SECONDS, so one hanging vendor cannot
  hold the workers the other systems need; the connection's address is told once. After the
  pause, calls go through again: one success closes the breaker, one more failure re-opens it.

It also keeps what the home dashboard and the setup checklists show as evidence: when a call last
succeeded (noted at most every OK_NOTE_SECONDS per connection), the last failure (a timeout, a 5xx,
refused credentials) and when the current OAuth token expires. Kept in the cache like the rest: a
cleared cache forgets them, and the connection check is there to prove the connection again.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from integrations.client.errors import ConnectionPaused

logger = logging.getLogger("crosswalk.client")
OK_NOTE_SECONDS = 30  # a success is noted at most this often per connection: calls stay cheap
FACTS = ("pause", "failures", "last_ok", "last_error", "token_expires")


class ConnectionHealth:
    def __init__(self, connection):
        self.connection = connection
        self.prefix = f"health:{connection.pk}"

    def before_call(self) -> None:
        """Raise ConnectionPaused, sending nothing, while the connection is paused."""
        pause = cache.get(f"{self.prefix}:pause")
        if pause and pause["until"] > time.time():
            wait = pause["until"] - time.time()
            raise ConnectionPaused(
                f"calls to this connection are paused: {pause['reason']}",
                retry_after=wait,
                system=self.connection.system,
            )

    def rate_limited(self, retry_after: float) -> None:
        self._pause(retry_after, f"{self.connection.get_system_display()} asked to wait {retry_after:.0f} s (429)")

    def failed(self, error: Exception | None = None) -> None:
        if error is not None:
            self._note_error(error)
        key = f"{self.prefix}:failures"
        cache.add(key, 0, timeout=3600)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            failures = 1
        if failures >= settings.CIRCUIT_BREAKER_FAILURES:
            cache.delete(key)
            self._open_breaker(failures)

    def succeeded(self) -> None:
        cache.delete(f"{self.prefix}:failures")
        if cache.add(f"{self.prefix}:ok_noted", True, timeout=OK_NOTE_SECONDS):
            cache.set(f"{self.prefix}:last_ok", time.time(), timeout=None)

    def answered(self, error: Exception) -> None:
        """The system refused the call (4xx): not an outage; refused credentials are noted."""
        cache.delete(f"{self.prefix}:failures")
        if getattr(error, "status", None) in (401, 403):
            self._note_error(error)

    def token_issued(self, *, expires_at: float) -> None:
        cache.set(f"{self.prefix}:token_expires", expires_at, timeout=None)

    def _note_error(self, error: Exception) -> None:
        fact = {
            "at": time.time(),
            "kind": type(error).__name__,
            "status": getattr(error, "status", None),
            "where": f"{getattr(error, 'method', '')} {getattr(error, 'path', '')}".strip(),
            "message": str(error.args[0] if error.args else error)[:300],
        }
        cache.set(f"{self.prefix}:last_error", fact, timeout=None)
        cache.delete(f"{self.prefix}:ok_noted")  # the next success is noted at once, not 30 s later

    def _pause(self, seconds: float, reason: str) -> None:
        until = time.time() + seconds
        cache.set(f"{self.prefix}:pause", {"until": until, "reason": reason}, timeout=int(seconds) + 1)

    def _open_breaker(self, failures: int) -> None:
        cooloff = settings.CIRCUIT_BREAKER_COOLOFF_SECONDS
        reason = f"{failures} calls in a row failed (timeouts or server errors); paused for {cooloff} s"
        self._pause(cooloff, reason)
        logger.warning("circuit_open connection=%s failures=%s", self.connection.pk, failures)
        if cache.add(f"{self.prefix}:told", True, timeout=cooloff * 10):  # once per outage, not per pause
            self._tell(reason)

    def _tell(self, reason: str) -> None:
        conn = self.connection
        body = (
            f"Crosswalk paused its calls to {conn.get_system_display()} ({conn.name}): {reason}.\n\n"
            "Nothing is lost: events and runs wait and go on by themselves when the system answers again. "
            "If it lasts, check the system's status page and the connection's base URL."
        )
        try:
            send_mail(f"Crosswalk: {conn.name} is not answering", body, None, [conn.alert_address])
        except Exception:  # telling is best effort; the pause itself must hold
            logger.exception("circuit_notify_failed connection=%s", conn.pk)


def health_summary(connection) -> str:
    """What the admin's connection list shows: paused and why, or ok."""
    pause = cache.get(f"health:{connection.pk}:pause")
    if pause and pause["until"] > time.time():
        return f"Paused {pause['until'] - time.time():.0f} s more: {pause['reason']}"
    return "ok"


def health_facts(connection_ids) -> dict[int, dict]:
    """What the cache holds about each connection, read at once: pause (until, reason), failures in
    a row, last_ok and last_error (epoch seconds / a dict), token_expires. Missing facts are absent."""
    keys = {f"health:{pk}:{fact}": (pk, fact) for pk in connection_ids for fact in FACTS}
    found = cache.get_many(list(keys))
    out: dict[int, dict] = {pk: {} for pk in connection_ids}
    for key, value in found.items():
        pk, fact = keys[key]
        out[pk][fact] = value
    now = time.time()
    for facts in out.values():
        if facts.get("pause") and facts["pause"]["until"] <= now:
            del facts["pause"]
    return out
