"""The emulated API's plumbing: Api-Key per region, Certn's error body (§2.9), its page envelope (§2.4)."""

import functools
import json
import math
import uuid

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.certn.sandbox.models import Account

PAGE_SIZE = 10  # Certn's example default (§2.4)


def error(status: int, detail: str, *, attr: str | None = None, code: str = "invalid") -> JsonResponse:
    kind = "validation_error" if status == 400 else "server_error" if status >= 500 else "client_error"
    return JsonResponse({"type": kind, "errors": [{"code": code, "detail": detail, "attr": attr}]}, status=status)


def api(view):
    """Find the region's account and check `Authorization: Api-Key <key>`."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, region: str, **kwargs):
        account = Account.objects.filter(region=region).first()
        if account is None:
            return error(404, f"no Certn region {region}", code="not_found")
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Api-Key" or key.strip() != account.api_key:
            return error(401, "Authentication credentials were not provided or are invalid.", code="not_authenticated")
        return view(request, account, **kwargs)

    return wrapped


def page(request, items: list, serialize) -> JsonResponse:
    size = max(1, min(int(request.GET.get("page_size") or PAGE_SIZE), 100))
    number = max(1, int(request.GET.get("page") or 1))
    count = len(items)
    pages = max(1, math.ceil(count / size))
    chunk = items[(number - 1) * size : number * size]
    return JsonResponse(
        {
            "pagination": {
                "result_count": count,
                "page_count": pages,
                "page_size": size,
                "current_page": number,
                "next_page": number + 1 if number < pages else None,
                "previous_page": number - 1 if number > 1 else None,
            },
            "results": [serialize(i) for i in chunk],
        }
    )


def body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object")
    return data


def uuid_or_none(value) -> str | None:
    """Certn's ids are UUIDs; anything else finds nothing (instead of a database error)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
