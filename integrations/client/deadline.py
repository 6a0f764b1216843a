"""A deadline for everything one piece of work sends, so a hanging vendor cannot keep a worker
past the queue's own timeout: the base client stops before the deadline and shortens its last
read timeout to what is left.
"""

import contextlib
import time
from contextvars import ContextVar

from integrations.client.errors import TransientError

_deadline: ContextVar[float | None] = ContextVar("client_deadline", default=None)


class DeadlineExceeded(TransientError):
    """The work's time ran out before this call; it is retried later like any outage of the vendor."""


@contextlib.contextmanager
def deadline(seconds: float):
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def seconds_left() -> float | None:
    """Seconds before the current deadline, or None when no deadline is set."""
    until = _deadline.get()
    return None if until is None else until - time.monotonic()
