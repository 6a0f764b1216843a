"""Plumbing of the emulated Credly API: token auth, the envelope, paging, filter and sort syntax."""

import base64
import binascii
import functools
import json
import math
from datetime import UTC, date, datetime

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from integrations.credly.sandbox.models import AuthorizationToken, Organization
from integrations.credly.sandbox.oauth import bearer_organization
from integrations.credly.sandbox.state import CredlyApiError

DEFAULT_PER, MAX_PER = 50, 100  # documented default; the maximum is unpublished, we clamp (§2.1)
NEEDS = {"GET": "read_enabled", "POST": "write_enabled", "PUT": "write_enabled", "DELETE": "delete_enabled"}


def ok(data, status: int = 200, metadata: dict | None = None) -> JsonResponse:
    return JsonResponse({"data": data, "metadata": metadata or {}}, status=status)


def error(status: int, message: str, metadata: dict | None = None) -> JsonResponse:
    return JsonResponse({"data": {"message": message}, "metadata": metadata or {}}, status=status)


def api(*methods: str):
    """Wrap an endpoint: CSRF off (a machine API), method check, token auth, errors as JSON.

    The view is called as `view(request, org, **url_kwargs)` with `request.json` parsed."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, org_id: str | None = None, **kwargs):
            if request.method not in methods:
                return error(405, f"{request.method} is not allowed here")
            try:
                # without an organisation in the path (GET /organizations): the caller's own
                org = caller(request) if org_id is None else authenticate(request, org_id)
                request.json = _body(request)
                return view(request, org, **kwargs)
            except CredlyApiError as exc:
                return error(exc.status, exc.message, exc.metadata)

        return inner

    return wrap


def authenticate(request, org_id: str) -> Organization:
    """The organisation in the URL, if the request's token may act for it (401/403 otherwise)."""
    return _same_org(caller(request), org_id)


def caller(request) -> Organization:
    """The organisation the request's credentials act for (401/403 otherwise). The Basic token
    used, if any, is left on `request.credly_token` (a bearer token leaves None)."""
    header = request.headers.get("Authorization", "")
    request.credly_token = None
    if header.startswith("Bearer "):
        org = bearer_organization(header[7:].strip())
        if org is None:
            raise CredlyApiError(401, "Unauthorized")
        return org
    token = _basic_token(header)
    if token is None or (token.expires_at and token.expires_at <= timezone.now()):
        raise CredlyApiError(401, "Unauthorized")
    if not getattr(token, NEEDS.get(request.method, "read_enabled")):
        raise CredlyApiError(403, "This authorization token lacks the permission for this request")
    request.credly_token = token
    return token.organization


def _basic_token(header: str) -> AuthorizationToken | None:
    """Basic auth with the token as username (contract §1.2). Clients encode it as `token`,
    `token:` or `token|`; all work against Credly, so strip one trailing `:` or `|`."""
    if not header.startswith("Basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    if raw.endswith((":", "|")):
        raw = raw[:-1]
    return AuthorizationToken.objects.select_related("organization").filter(token=raw).first() if raw else None


def _same_org(org: Organization, org_id: str) -> Organization:
    if str(org.id) != org_id:
        raise CredlyApiError(403, "This token is not valid for that organization")
    return org


def _body(request) -> dict:
    if request.method not in ("POST", "PUT") or not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CredlyApiError(400, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise CredlyApiError(400, "The request body must be a JSON object")
    return body


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


def paged(request, queryset, to_json, *, max_per: int = MAX_PER) -> JsonResponse:
    """One page in Credly's collection envelope, with absolute previous/next URLs."""
    items, metadata = page_of(request, queryset, to_json, max_per=max_per)
    return ok(items, metadata=metadata)


def page_of(request, queryset, to_json, *, max_per: int = MAX_PER) -> tuple[list, dict]:
    """The items of the requested page and Credly's paging metadata for them."""
    per = min(max(_int(request, "per", DEFAULT_PER), 1), max_per)
    page = max(_int(request, "page", 1), 1)
    total = queryset.count()
    pages = max(math.ceil(total / per), 1)
    items = [to_json(obj) for obj in queryset[(page - 1) * per : page * per]]

    def url(number: int) -> str:
        query = request.GET.copy()
        query["page"], query["per"] = str(number), str(per)
        return request.build_absolute_uri(request.path) + "?" + query.urlencode()

    metadata = {
        "count": len(items),
        "current_page": page,
        "total_count": total,
        "total_pages": pages,
        "per": per,
        "previous_page_url": url(page - 1) if page > 1 else None,
        "next_page_url": url(page + 1) if page < pages else None,
    }
    return items, metadata


def _int(request, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        raise CredlyApiError(400, f"{name} must be a whole number") from None


def parse_filter(request, allowed) -> dict[str, str]:
    """`filter=key::value|key2::a,b` (contract §2.2). The legacy `filters=` is accepted too."""
    raw = request.GET.get("filter") or request.GET.get("filters") or ""
    conditions = {}
    for part in filter(None, raw.split("|")):
        key, sep, value = part.partition("::")
        if not sep or key not in allowed:
            raise CredlyApiError(400, f"Invalid filter: {part!r}; supported keys: {', '.join(sorted(allowed))}")
        conditions[key] = value
    return conditions


def apply_sort(request, queryset, allowed, default: str):
    keys = [k for k in (request.GET.get("sort") or default).split("|") if k]
    unknown = [k for k in keys if k.lstrip("-") not in allowed]
    if unknown:
        raise CredlyApiError(400, f"Invalid sort: {', '.join(unknown)}; supported: {', '.join(sorted(allowed))}")
    return queryset.order_by(*keys, "id")


def parse_time(value, field: str) -> datetime | None:
    """Request times: the documented "2014-04-01 09:41:00 -0500", ISO-8601, or a bare date."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise CredlyApiError(422, f"Validation failed: {field} is not a date")
    for parse in (lambda v: datetime.strptime(v, "%Y-%m-%d %H:%M:%S %z"), datetime.fromisoformat):
        try:
            parsed = parse(value.strip())
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise CredlyApiError(422, f"Validation failed: {field} is not a date: {value!r}")


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CredlyApiError(400, f"{field} must be YYYY-MM-DD") from None
