"""The Certn sandbox's HTTP API: the real CertnCentric paths (contract §2), one account per region.

Mounted at /sandbox/certn/<region>/, so a connection's base URL is per region just as
api.ca / api.uk / api.au.certn.co are. Errors use Certn's body (§2.9).
"""

import functools
import json
import math
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from integrations.certn import emulator as emu
from integrations.certn import sandbox_pages
from integrations.certn.models import EmuAccount, EmuCase, EmuGroup, EmuPackage, EmuReportFile

PAGE_SIZE = 10  # Certn's example default (§2.4)


def error(status: int, detail: str, *, attr: str | None = None, code: str = "invalid") -> JsonResponse:
    kind = "validation_error" if status == 400 else "server_error" if status >= 500 else "client_error"
    return JsonResponse({"type": kind, "errors": [{"code": code, "detail": detail, "attr": attr}]}, status=status)


def api(view):
    """Find the region's account and check `Authorization: Api-Key <key>`."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, region: str, **kwargs):
        account = EmuAccount.objects.filter(region=region).first()
        if account is None:
            return error(404, f"no Certn region {region}", code="not_found")
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Api-Key" or key.strip() != account.api_key:
            return error(401, "Authentication credentials were not provided or are invalid.", code="not_authenticated")
        return view(request, account, **kwargs)

    return wrapped


def case_json(case: EmuCase) -> dict:
    return {
        "id": str(case.pk),
        "short_id": case.short_id,
        "created": _ts(case.created),
        "modified": _ts(case.modified),
        "email_address": case.email_address,
        "overall_status": case.overall_status,
        "overall_score": case.overall_score or None,
        "tags": case.package.tags if case.package else [],
        "package": str(case.package_id) if case.package_id else None,
        "group": str(case.group_id) if case.group_id else None,
        "check_types_with_arguments": {c["type"]: {} for c in case.checks},
        "checks": case.checks,
        "invite_link": emu.invite_link(case),
    }


def _ts(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _page(request, items: list, serialize) -> JsonResponse:
    size = max(1, min(int(request.GET.get("page_size") or PAGE_SIZE), 100))
    page = max(1, int(request.GET.get("page") or 1))
    count = len(items)
    pages = max(1, math.ceil(count / size))
    chunk = items[(page - 1) * size : page * size]
    return JsonResponse(
        {
            "pagination": {
                "result_count": count,
                "page_count": pages,
                "page_size": size,
                "current_page": page,
                "next_page": page + 1 if page < pages else None,
                "previous_page": page - 1 if page > 1 else None,
            },
            "results": [serialize(i) for i in chunk],
        }
    )


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object")
    return data


@api
def cases(request, account):
    if request.method != "GET":
        return error(405, "Method not allowed.", code="method_not_allowed")
    qs = account.cases.select_related("package", "group", "account").order_by("created")
    if request.GET.getlist("overall_status"):
        qs = qs.filter(overall_status__in=request.GET.getlist("overall_status"))
    if request.GET.get("email_address"):
        qs = qs.filter(email_address__iexact=request.GET["email_address"])
    if request.GET.getlist("group"):
        qs = qs.filter(group_id__in=request.GET.getlist("group"))
    if request.GET.get("order_timeframe_after"):
        qs = qs.filter(created__date__gte=request.GET["order_timeframe_after"][:10])
    return _page(request, list(qs), case_json)


def _order_fields(request, account) -> tuple[dict, JsonResponse | None]:
    try:
        data = _body(request)
    except ValidationError as exc:
        return {}, error(400, exc.messages[0], attr=None, code="parse_error")
    email = (data.get("email_address") or "").strip()
    if not email:
        return {}, error(400, "This field is required.", attr="email_address", code="required")
    try:
        validate_email(email)
    except ValidationError:
        return {}, error(400, "Enter a valid email address.", attr="email_address")
    group = None
    if data.get("group"):
        group = EmuGroup.objects.filter(account=account, pk=_uuid(data["group"]), is_active=True).first()
        if group is None:
            return {}, error(400, f"Group {data['group']} does not exist in this account.", attr="group")
    name = (data.get("input_claims") or {}).get("name") or {}
    return {
        "email": email,
        "group": group,
        "given_name": name.get("given_name", ""),
        "family_name": name.get("family_name", ""),
        "send_invite": bool(data.get("send_invite_email")),
        "data": data,
    }, None


@api
def order_package(request, account):
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    fields, problem = _order_fields(request, account)
    if problem:
        return problem
    package = EmuPackage.objects.filter(account=account, pk=_uuid(fields["data"].get("package"))).first()
    if package is None:
        return error(400, f"Package {fields['data'].get('package')!r} does not exist.", attr="package")
    if not package.use_in_ats:
        return error(400, "Package is not enabled for ATS ordering.", attr="package")
    fields.pop("data")
    case = emu.case_order(account=account, package=package, **fields)
    return JsonResponse(case_json(case), status=201)


@api
def order(request, account):
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    fields, problem = _order_fields(request, account)
    if problem:
        return problem
    checks = list((fields.pop("data").get("check_types_with_arguments") or {}).keys())
    if not checks:
        return error(400, "Order at least one check.", attr="check_types_with_arguments")
    case = emu.case_order(account=account, check_types=checks, **fields)
    return JsonResponse(case_json(case), status=201)


def _case(account, case_id) -> EmuCase | None:
    return account.cases.select_related("package", "group", "account").filter(pk=_uuid(case_id)).first()


@api
def case_detail(request, account, case_id):
    case = _case(account, case_id)
    return JsonResponse(case_json(case)) if case else error(404, "Not found.", code="not_found")


@api
def case_cancel(request, account, case_id):
    case = _case(account, case_id)
    if case is None:
        return error(404, "Not found.", code="not_found")
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    return JsonResponse(case_json(emu.case_set_status(case, "CANCELLED")))


@api
def generate_report(request, account, case_id):
    case = _case(account, case_id)
    if case is None:
        return error(404, "Not found.", code="not_found")
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    return JsonResponse({"case_report_file_id": str(emu.report_request(case).pk)}, status=201)


@api
def report_file(request, account, file_id):
    report = (
        EmuReportFile.objects.filter(pk=_uuid(file_id), case__account=account).select_related("case__account").first()
    )
    if report is None:
        return error(404, "Not found.", code="not_found")
    url = emu.report_pdf_url(report) if report.status == "COMPLETE" else None
    return JsonResponse({"status": report.status, "pdf_url": url})


@api
def groups(request, account):
    items = list(account.groups.order_by("name"))
    return _page(
        request,
        items,
        lambda g: {
            "id": str(g.pk),
            "short_id": g.short_id,
            "parent_id": None,
            "name": g.name,
            "is_active": g.is_active,
        },
    )


@api
def packages(request, account):
    """Invented for the sandbox (Certn has no package list, §2.2); the hub never calls it."""
    return _page(
        request,
        list(account.packages.order_by("name")),
        lambda p: {
            "id": str(p.pk),
            "name": p.name,
            "description": p.description,
            "tags": p.tags,
            "checks": p.checks,
            "use_in_ats": p.use_in_ats,
        },
    )


def _uuid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def urlpatterns() -> list:
    public = "<slug:region>/api/public/"
    return [
        path(f"{public}cases/", cases, name="cases"),
        path(f"{public}cases/order/", order, name="order"),
        path(f"{public}cases/order-package/", order_package, name="order-package"),
        path(f"{public}cases/report-files/<str:file_id>/", report_file, name="report-file"),
        path(f"{public}cases/<str:case_id>/", case_detail, name="case"),
        path(f"{public}cases/<str:case_id>/cancel/", case_cancel, name="cancel"),
        path(f"{public}cases/<str:case_id>/generate-report/", generate_report, name="generate-report"),
        path(f"{public}groups/", groups, name="groups"),
        path(f"{public}packages/", packages, name="packages"),
        path("<slug:region>/reports/<str:file_id>.pdf", sandbox_pages.report_pdf, name="report-pdf"),
        path("<slug:region>/portal/cases/<str:case_id>/", sandbox_pages.portal_case, name="portal-case"),
        path("<slug:region>/invite/<str:case_id>/", sandbox_pages.invite, name="invite"),
    ]
