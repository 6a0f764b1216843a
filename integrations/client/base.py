"""One base client: session, timeouts, auth hook, retries with backoff, typed errors, paging, logs.

A system's client subclasses `ApiClient`, sets its URL templates as constants, implements
`authenticate()` and adds one-line methods. Nothing here knows any system.

Why our own retry loop rather than urllib3's `Retry`: a long `Retry-After` must not block a
worker, so past `max_inline_wait` we raise `RateLimited(retry_after)` and the caller
reschedules; `Retry` would sleep it out.
"""

import logging
import random
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime

import requests

from integrations.client.deadline import DeadlineExceeded, seconds_left
from integrations.client.dry_run import refuse_write
from integrations.client.errors import (
    BadRequest,
    Conflict,
    HostUnreachable,
    ListingTooLong,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
    Unprocessable,
)
from integrations.client.health import ConnectionHealth
from integrations.client.session import VendorSession
from metrics import recorder

logger = logging.getLogger("crosswalk.client")

RETRY_STATUSES = {429, 500, 502, 503, 504}
# The 4xx answers flows react to; any other 4xx is a plain PermanentError.
PERMANENT_ERRORS = {
    400: BadRequest,
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    409: Conflict,
    422: Unprocessable,
}


class ApiClient:
    system = ""
    connect_timeout = 5.0
    read_timeout = 30.0
    max_retries = 3  # extra attempts after the first
    backoff_base = 0.5  # seconds; doubled each attempt, with full jitter
    max_inline_wait = 10.0  # longest Retry-After we sit out in place
    max_pages = 10_000  # per listing: far past any real one, short of a worker looping forever
    default_headers = {"Accept": "application/json"}

    def __init__(self, connection, *, session: requests.Session | None = None):
        self.connection = connection
        self.base_url = connection.api_base_url
        self.session = session or VendorSession()
        self.session.headers.update(self.default_headers)
        self.calls = 0  # requests sent (retries included): calls are what vendors meter
        self.health = ConnectionHealth(connection)  # shared rate limit and circuit breaker
        self.last_path = ""  # names the listing when paging has to stop

    # --- hooks for subclasses -------------------------------------------------------------
    def authenticate(self, headers: dict) -> None:
        """Add the system's auth header(s). Override per system."""

    def on_unauthorized(self) -> bool:
        """Called once on a 401; return True to retry (e.g. after refreshing an OAuth token)."""
        return False

    def error_message(self, body) -> str:
        """Pull a readable message out of the vendor's error body."""
        if isinstance(body, dict):
            for key in ("message", "error_description", "detail", "error", "errors", "userMessage"):
                if body.get(key):
                    return str(body[key])
        return str(body)[:500] if body else "no error body"

    # --- the one request method --------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        expected: tuple[int, ...] = (),
        retry: bool = True,
        auth: bool = True,
        read: bool = False,
        **kwargs,
    ):
        """Send one call with retries; `auth=False` sends it without credentials and takes a 401 as
        final (a token endpoint: its 401 means the credentials themselves were refused). `read=True`
        marks a POST that only reads (a token, a search): a dry run sends it; any other write it
        refuses with DryRunWrite before sending (integrations/client/dry_run.py)."""
        if not read:
            refuse_write(method, path, kwargs, system=self.system)
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        retries_left = self.max_retries if retry else 0
        attempt, refreshed = 0, False
        caller_headers = kwargs.pop("headers", None) or {}
        self.health.before_call()
        while True:
            headers = dict(caller_headers)
            if auth:
                self.authenticate(headers)
            try:
                response = self._send(method, url, path, headers=headers, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt < retries_left:
                    self._wait_to_retry(self._backoff(attempt), "unreachable")
                    attempt += 1
                    continue
                error = HostUnreachable(type(exc).__name__, method=method, path=path, system=self.system)
                self.health.failed(error)
                raise error from exc
            # A refreshed token is not a retry: it does not use up an attempt.
            if response.status_code == 401 and auth and not refreshed and self.on_unauthorized():
                refreshed = True
                continue
            if response.status_code in RETRY_STATUSES and attempt < retries_left:
                wait = self._retry_wait(response, attempt)
                if wait > self.max_inline_wait:
                    raise self._failed(response, method, path)
                self._wait_to_retry(wait, "rate_limited" if response.status_code == 429 else "server_error")
                attempt += 1
                continue
            if response.ok or response.status_code in expected:
                self.health.succeeded()
                return response
            raise self._failed(response, method, path)

    def _failed(self, response: requests.Response, method: str, path: str):
        """The error to raise, after telling the connection's health what happened."""
        error = self._error(response, method, path)
        if isinstance(error, RateLimited):
            if error.retry_after > self.max_inline_wait:  # a short wait is sat out by the caller itself
                self.health.rate_limited(error.retry_after)
                recorder.inc("crosswalk_vendor_deferred_seconds", error.retry_after, system=self.system)
        elif isinstance(error, TransientError):
            self.health.failed(error)
        else:
            self.health.answered(error)  # the vendor answered: a 4xx is not an outage
        return error

    def _send(self, method, url, path, **kwargs) -> requests.Response:
        left = seconds_left()
        if left is not None and left < 1:
            raise DeadlineExceeded(
                "the work's time ran out before this call", method=method, path=path.split("?")[0], system=self.system
            )
        started = time.monotonic()
        self.calls += 1
        self.last_path = path.split("?")[0]
        read_timeout = self.read_timeout if left is None else min(self.read_timeout, left)
        kwargs.setdefault("timeout", (self.connect_timeout, read_timeout))
        try:
            response = self.session.request(method, url, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            self._count_call("unreachable", started)
            raise
        self._count_call(str(response.status_code), started)
        logger.info(
            "api_call system=%s method=%s path=%s status=%s ms=%d",
            self.system,
            method,
            path.split("?")[0],
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def _count_call(self, status: str, started: float) -> None:
        recorder.inc("crosswalk_vendor_calls", system=self.system, status=status)
        recorder.observe("crosswalk_vendor_call_duration_seconds", time.monotonic() - started, system=self.system)
        if status == "429":
            recorder.inc("crosswalk_vendor_rate_limited", system=self.system)

    def _wait_to_retry(self, seconds: float, reason: str) -> None:
        """Sit out a wait before retrying a call, counted by reason (metrics)."""
        recorder.inc("crosswalk_vendor_retry_waits", system=self.system, reason=reason)
        recorder.inc("crosswalk_vendor_retry_wait_seconds", seconds, system=self.system, reason=reason)
        self._sleep(seconds)

    def _backoff(self, attempt: int) -> float:
        return random.uniform(0, self.backoff_base * 2**attempt)

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        return retry_after_seconds(response) or self._backoff(attempt)

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _error(self, response: requests.Response, method: str, path: str):
        body = parse_body(response)
        message = self.error_message(body)
        context = {
            "status": response.status_code,
            "body": body,
            "method": method,
            "path": path.split("?")[0],
            "system": self.system,
        }
        status = response.status_code
        if status == 429:
            return RateLimited(message, retry_after=retry_after_seconds(response) or 60.0, **context)
        if status >= 500:
            return TransientError(message, **context)
        return PERMANENT_ERRORS.get(status, PermanentError)(message, **context)

    # --- JSON helpers --------------------------------------------------------------------------
    def get_json(self, path: str, **kwargs):
        return parse_body(self.request("GET", path, **kwargs))

    def post_json(self, path: str, payload=None, **kwargs):
        return parse_body(self.request("POST", path, json=payload, **kwargs))

    def put_json(self, path: str, payload=None, **kwargs):
        return parse_body(self.request("PUT", path, json=payload, **kwargs))

    def patch_json(self, path: str, payload=None, **kwargs):
        return parse_body(self.request("PATCH", path, json=payload, **kwargs))

    def delete(self, path: str, **kwargs):
        return parse_body(self.request("DELETE", path, **kwargs))

    def paginate(
        self, fetch_page: Callable[[dict], tuple[list, dict | None]], first: dict | None = None, *, listing: str = ""
    ) -> Iterator:
        """Yield items page by page. `fetch_page(params)` returns (items, next params or None).

        A listing still not ended after `max_pages` pages raises ListingTooLong: a vendor whose
        next link points back, or whose page count never runs out, must not hold a worker forever.
        """
        params: dict | None = dict(first or {})
        pages = 0
        while params is not None:
            if pages >= self.max_pages:
                name = listing or self.last_path or "a listing"
                raise ListingTooLong(
                    f"{self.system} listing {name} did not end after {pages} pages; stopped reading it",
                    pages=pages,
                    path=name,
                    system=self.system,
                )
            items, params = fetch_page(params)
            pages += 1
            yield from items


def parse_body(response: requests.Response):
    if not response.content:
        return None
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds, from either of its forms (delta-seconds or an HTTP date)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
