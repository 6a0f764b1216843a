"""The exception tree every client raises, whatever the system.

Transient errors (host down, timeout, 5xx, rate limit) are worth retrying later; permanent
ones (4xx) need a person: they carry the vendor's status and error body for the admin. The 4xx
answers a flow reacts to have a class each, so flows catch a class rather than test a number.
"""


class ClientError(Exception):
    """`system` names the system that answered (the base client sets it), so an admin is told
    which one failed; errors a client raises before any call may leave it blank."""

    status: int | None = None

    def __init__(
        self, message: str, *, status: int | None = None, body=None, method: str = "", path: str = "", system: str = ""
    ):
        super().__init__(message)
        self.status, self.body, self.method, self.path, self.system = status, body, method, path, system

    def __str__(self) -> str:
        where = f"{self.method} {self.path}: " if self.method else ""
        status = f"HTTP {self.status} " if self.status else ""
        return f"{where}{status}{self.args[0]}"


class TransientError(ClientError):
    """Worth retrying: 5xx, a timeout or a dropped connection."""


class HostUnreachable(TransientError):
    """No answer at all: DNS, refused connection, or a timeout."""


class RateLimited(TransientError):
    """429 with a wait too long to sit out in a worker: reschedule after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: float, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ConnectionPaused(RateLimited):
    """Nothing was sent: the hub holds this connection's calls until `retry_after` has passed,
    because the vendor asked every caller to wait (429) or kept failing (the circuit breaker)."""


class PermanentError(ClientError):
    """The system refused the request (4xx): retrying the same call will not help."""


class Unauthorized(PermanentError):
    """401/403: the credentials are wrong, expired or lack a permission."""


class NotFound(PermanentError):
    """404: the object does not exist (or the credentials may not see it)."""


class BadRequest(PermanentError):
    """400: the vendor refused the request's content (some answer a duplicate this way)."""


class Conflict(PermanentError):
    """409: the request clashes with the object's state, e.g. a duplicate or a stale version."""


class Unprocessable(PermanentError):
    """422: understood but refused by validation (Credly: duplicate badge, already replaced)."""


class ListingTooLong(ClientError):
    """A listing went on past the client's page cap: the vendor never said it had ended, and
    following it further would hold a worker forever. Not transient: the next try loops too."""

    def __init__(self, message: str, *, pages: int, **kwargs):
        super().__init__(message, **kwargs)
        self.pages = pages
