"""Webhook intake and health. Intake authenticates, stores and acknowledges; it calls no system.

Intake is plain Django (no DRF): a delivery needs none of its parsing, negotiation or auth.
"""

import base64
import binascii
import functools
import gzip
import hmac
import json
import logging
import zlib

from django.conf import settings
from django.db import DatabaseError
from django.db import connection as db_connection
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string

from integrations.crypto import matches_hash
from integrations.models import Connection
from integrations.systems import WebhookAuth, spec
from integrations.webhook_connections import enabled_connection
from integrations.webhooks import AuthError, PayloadError, UnsupportedShape
from sync.services.events import event_ingest, event_store_unrecognised

logger = logging.getLogger("crosswalk.sync")
OUTAGE_RETRY_AFTER = 30  # seconds: a database restart or failover is usually over by then


class BadBody(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _json(data: dict, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(data), status=status, content_type="application/json")


def _error(status: int, message: str) -> HttpResponse:
    return _json({"error": message}, status)


def _refuse(receiver, status: int, message: str) -> HttpResponse:
    return _json(receiver.error_body(message), status)


@functools.cache
def _receiver_class(system: str):
    return import_string(spec(system).receiver)


def receiver_for(system: str):
    """The system's receiver (its class imported once per process; receivers hold no state)."""
    return _receiver_class(system)()


def webhook(request, slug: str) -> HttpResponse:
    """/hooks/<slug>/: one delivery in, one inbox row per event, 202 (or the system's status) with the ids.

    Served by sync.intake.WebhookIntakeMiddleware before the session, auth, messages, CSRF and
    login-throttling middleware (none applies to a vendor's call); this URL route is the same
    function, for `reverse()` and for a settings module without that middleware."""
    if request.method == "POST":
        return _post(request, slug)
    if request.method in ("GET", "HEAD"):
        return _challenge(request, slug)
    response = _error(405, f"method {request.method} is not allowed here; POST events")
    response["Allow"] = "GET, HEAD, POST"
    return response


def _challenge(request, slug: str) -> HttpResponse:
    conn = _connection(slug)
    if conn is None:
        return _error(404, "no enabled connection with this slug")
    answer = receiver_for(conn.system).challenge(conn, request)
    if answer is None:
        return _error(405, "this system sends no verification request; POST events here")
    response = HttpResponse(answer, content_type="text/plain")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _post(request, slug: str) -> HttpResponse:
    try:
        conn = _connection(slug)
    except DatabaseError:
        logger.exception("webhook_outage slug=%s", slug)
        return _outage(None)
    if conn is None:
        return _error(404, "no enabled connection with this slug")
    receiver = receiver_for(conn.system)
    try:
        return _receive(request, conn, receiver)
    except DatabaseError:  # the inbox is down: the sender retries, dedupe makes that safe
        logger.exception("webhook_outage slug=%s", slug)
        return _outage(receiver)
    except Exception:
        logger.exception("webhook_unexpected slug=%s", slug)
        return _refuse(receiver, 500, "an unexpected error on our side; please send it again later")


def _receive(request, conn: Connection, receiver) -> HttpResponse:
    try:
        body = read_body(request)
    except BadBody as exc:
        return _refuse(receiver, exc.status, str(exc))
    if not authenticated(conn, request, body, receiver):
        return _refuse(receiver, 401, "credentials missing or wrong for this connection")
    try:
        incoming = receiver.parse(conn, body, request)
    except AuthError as exc:
        return _refuse(receiver, 401, str(exc) or "delivery could not be verified")
    except PayloadError as exc:
        return _refuse(receiver, 400, str(exc))
    except UnsupportedShape as exc:
        event, created = event_store_unrecognised(connection=conn, body=body, shape=exc)
        data = {"event_id": event.pk, "event_ids": [event.pk], "duplicate": not created, "unsupported": str(exc)}
        return _json(data, receiver.success_status if created else 200)
    if not incoming:
        return _refuse(receiver, 400, "the delivery holds no event")
    if len(incoming) > receiver.max_events:
        return _refuse(receiver, 400, f"a delivery may hold at most {receiver.max_events} events")
    # Each event is one INSERT ... ON CONFLICT DO NOTHING in autocommit (dedupe makes a re-sent
    # group safe): no BEGIN, no COMMIT, no savepoint, and the enqueue follows at once.
    results = [event_ingest(connection=conn, incoming=item) for item in incoming]
    ids = [event.pk for event, _ in results]
    created = any(new for _, new in results)
    data = {"event_id": ids[0], "event_ids": ids, "duplicate": not created}
    return _json(data, receiver.success_status if created else 200)


def _outage(receiver) -> HttpResponse:
    message = "the hub cannot store deliveries right now; send it again later"
    response = _refuse(receiver, 503, message) if receiver else _error(503, message)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    return response


def _connection(slug: str) -> Connection | None:
    return enabled_connection(slug)


def read_body(request) -> bytes:
    """The raw body, gunzipped when the sender says so, refused past WEBHOOK_MAX_BYTES."""
    limit = settings.WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadBody("Content-Length is not a number") from None
    if declared > limit:
        raise BadBody(f"body of {declared} bytes is over the {limit}-byte limit", 413)
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise BadBody(f"body is over the {limit}-byte limit", 413)
    if request.headers.get("Content-Encoding", "").lower() == "gzip":
        raw = _gunzip(raw, limit)
    if not raw.strip():
        raise BadBody("the body is empty")
    return raw


def _gunzip(raw: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(raw, limit + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise BadBody(f"Content-Encoding is gzip but the body is not: {exc}") from None
    if len(out) > limit or decompressor.unconsumed_tail:
        raise BadBody(f"decompressed body is over the {limit}-byte limit", 413)
    return out


def authenticated(conn: Connection, request, body: bytes, receiver) -> bool:
    if receiver.verify_alternative(conn, body, request):
        return True
    scheme = conn.spec.webhook_auth
    if scheme == WebhookAuth.HMAC:
        return receiver.verify(conn, body, request)
    if scheme == WebhookAuth.URL_TOKEN:
        return matches_hash(request.GET.get("token", ""), conn.webhook_secret_hash)
    header = request.headers.get("Authorization", "")
    if scheme == WebhookAuth.BEARER:
        return header.startswith("Bearer ") and matches_hash(header[7:].strip(), conn.webhook_secret_hash)
    if scheme == WebhookAuth.BASIC:
        return _basic_ok(conn, header)
    return False


def _basic_ok(conn: Connection, header: str) -> bool:
    if not header.startswith("Basic "):
        return False
    try:
        username, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    same_user = hmac.compare_digest(username.encode(), conn.webhook_username.encode())
    return matches_hash(password, conn.webhook_secret_hash) and same_user


def healthz(request):
    """200 when the database and the queue broker answer, 503 naming what is down."""
    status = {"database": _check_db(), "broker": _check_broker()}
    ok = all(v == "ok" for v in status.values())
    return JsonResponse({"status": "ok" if ok else "unavailable", **status}, status=200 if ok else 503)


def _check_db() -> str:
    try:
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"down: {type(exc).__name__}"


def _check_broker() -> str:
    try:
        from django_q.brokers import get_broker

        return "ok" if get_broker().ping() else "down: no answer"
    except Exception as exc:
        return f"down: {type(exc).__name__}"
