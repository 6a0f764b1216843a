"""What every emulated Docebo endpoint shares: bearer auth, the list envelope, paging, error bodies."""

import functools
import json
from datetime import UTC

from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from integrations.docebo.sandbox.limits import seconds_until_allowed
from integrations.docebo.sandbox.models import AccessToken

MAX_PAGE_SIZE = 200  # contract §2.2
DEFAULT_PAGE_SIZE = 20
STATUS_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> JsonResponse:
    """Docebo's Yii-style error object (contract §2.3, shape unconfirmed)."""
    body = {"name": STATUS_NAMES.get(status, "Error"), "message": message, "code": 0, "status": status}
    return JsonResponse(body, status=status)


def one(data) -> JsonResponse:
    return JsonResponse({"data": data, "version": "1.0.0", "_links": []})


def endpoint(*methods: str):
    """A bearer-protected API view answering only `methods`; ApiError becomes Docebo's error body."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if request.method not in methods:
                return error(405, f"{request.method} is not allowed here")
            if not _token_ok(request):
                return error(401, "The access token provided is invalid or has expired")
            wait = seconds_until_allowed(request)
            if wait is not None:
                response = error(429, "Rate limit exceeded")
                response["Retry-After"] = str(wait)  # Docebo's header is unconfirmed; clients honour it if sent
                return response
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return error(exc.status, str(exc))
            except Http404:
                return error(404, "The requested object was not found")
            except LookupError as exc:
                return error(404, str(exc))
            except ValueError as exc:
                return error(400, str(exc))

        return inner

    return wrap


def _token_ok(request) -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return False
    return AccessToken.objects.filter(token=header[7:].strip(), expires_at__gt=timezone.now()).exists()


def body_json(request) -> dict:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, f"body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "body must be a JSON object")
    return data


def int_list(request, name: str) -> list[int]:
    """An array filter, `name[]=1&name[]=2` (also accepts a plain `name`)."""
    values = request.GET.getlist(f"{name}[]") or request.GET.getlist(name)
    try:
        return [int(v) for v in values if str(v).strip()]
    except ValueError:
        raise ApiError(400, f"{name} must hold integers") from None


def page(request, rows, serialize, *, sort_attr: str = "id") -> JsonResponse:
    """One page of `rows` (a queryset or list) in Docebo's collection envelope."""
    try:
        number = max(1, int(request.GET.get("page") or 1))
        size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("page_size") or DEFAULT_PAGE_SIZE)))
    except ValueError:
        raise ApiError(400, "page and page_size must be integers") from None
    if request.GET.get("no_pagination") in ("1", "true"):
        items = [serialize(r) for r in rows]
        return one({"items": items, "count": len(items)})
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    pages = max(1, -(-total // size))
    chunk = rows[(number - 1) * size : number * size]
    items = [serialize(r) for r in chunk]
    return one(
        {
            "items": items,
            "count": len(items),
            "has_more_data": number < pages,
            "current_page": number,
            "current_page_size": size,
            "total_page_count": pages,
            "total_count": total,
            "sort": [{"sort_attr": sort_attr, "sort_dir": "asc"}],
        }
    )


def stamp(moment) -> str | None:
    """Docebo's "YYYY-MM-DD HH:MM:SS" (UTC)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def day(value) -> str | None:
    return value.isoformat() if value else None
