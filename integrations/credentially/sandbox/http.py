"""What every emulated endpoint shares: bearer auth, named rate buckets, Spring error bodies, paging."""

import functools
import json
import threading
import time
from http import HTTPStatus

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from integrations.credentially.sandbox.models import Organisation

# Contract §4.1: per-operation buckets (requests per second).
BUCKETS = {
    "create-profile": 25,
    "profile-by-id": 100,
    "profile-by-email": 100,
    "load-all-profiles": 5,
    "profile-metadata": 100,
    "profile-compliance-packages": 25,
    "organisation-compliance-packages": 25,
    "get-documents": 100,
    "get-document-types": 100,
    "download-file": 5,
    "profile-dbs-load": 100,
    "profile-right-to-work": 100,
    "profile-references": 100,
    "profile-groups-load": 100,
    "list-placements": 100,
    "single-placement": 25,
    "webhook-subscriptions": 25,
}
MAX_PAGE_SIZE = 1000  # Spring clamps larger requests; Credentially's own cap is unpublished

# (API key, bucket) -> [tokens, last refill]. Keyed by the key, not the row id: a re-created
# organisation (tests roll back and reuse ids) starts with full buckets.
_buckets: dict[tuple[str, str], list[float]] = {}
_lock = threading.Lock()


def error(request, status: int, message: str) -> JsonResponse:
    """Spring Boot's error body (contract §2.10: shape unconfirmed, clients rely on the status)."""
    return JsonResponse(
        {
            "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
            "status": status,
            "error": HTTPStatus(status).phrase,
            "message": message,
            "path": request.path,
        },
        status=status,
    )


def take_token(api_key: str, bucket: str) -> float:
    """Token bucket per organisation and bucket; returns 0 or the seconds to wait."""
    rate = BUCKETS[bucket]
    now = time.monotonic()
    with _lock:
        tokens, last = _buckets.get((api_key, bucket), (float(rate), now))
        tokens = min(float(rate), tokens + (now - last) * rate)
        if tokens < 1:
            _buckets[(api_key, bucket)] = [tokens, now]
            return (1 - tokens) / rate
        _buckets[(api_key, bucket)] = [tokens - 1, now]
        return 0.0


def endpoint(bucket: str, methods: tuple[str, ...] = ("GET",)):
    """Decorate a view `(request, org, **kwargs)`: method check, bearer auth, version, rate limit."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, **kwargs):
            if request.method not in methods:
                return error(request, 405, f"Request method '{request.method}' is not supported")
            org = _organisation(request)
            if org is None:
                return error(request, 401, "Full authentication is required to access this resource")
            if request.headers.get("X-API-Version", "2.0.0") != "2.0.0":
                return error(request, 400, "Unsupported X-API-Version; the only version is 2.0.0")
            wait = take_token(org.api_key, bucket)
            if wait:
                response = error(request, 429, f"Rate limit of bucket {bucket} exceeded")
                response["Retry-After"] = str(max(1, round(wait)))
                return response
            return view(request, org, **kwargs)

        return inner

    return wrap


def _organisation(request) -> Organisation | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        return None
    return Organisation.objects.filter(api_key=header[7:].strip()).first()


def json_body(request):
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def page_params(request) -> tuple[int, int]:
    try:
        page = max(0, int(request.GET.get("page", 0)))
        size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("size", 20))))
    except ValueError:
        return -1, -1
    return page, size


def paged(items: list, total: int, page: int, size: int) -> JsonResponse:
    return JsonResponse(
        {
            "content": items,
            "totalPages": (total + size - 1) // size,
            "totalElements": total,
            "size": size,
            "number": page,
        }
    )


def ok(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False)
