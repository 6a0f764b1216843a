"""A connection's health, shared by every worker through the cache: one rate limit for all
callers and a circuit breaker.

- A 429 whose wait is too long to sit out pauses the connection for everyone until the vendor's
  `Retry-After`: the next forty events do not each call into the same 429.
- After CIRCUIT_BREAKER_FAILURES calls in a row that ended in a timeout, a dropped connection or a
  5xx, the connection is paused for CIRCUIT_BREAKER_COOLOFF_SECONDS, so one hanging vendor cannot
  hold the workers the other systems need; the connection's address is told once. After the
  pause, calls go through again: one success closes the breaker, one more failure re-opens it.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from integrations.client.errors import ConnectionPaused

logger = logging.getLogger("crosswalk.client")


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

    def failed(self) -> None:
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
