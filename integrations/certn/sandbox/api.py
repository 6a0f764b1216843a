"""The Certn sandbox's HTTP API: the real CertnCentric paths (contract §2), one account per region.

Mounted at /sandbox/certn/<region>/, so a connection's base URL is per region just as
api.ca / api.uk / api.au.certn.co are. Errors use Certn's body (§2.9). The pages behind the
links Certn hands out (report PDF, portal, invitation) are in api_links.py.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import JsonResponse
from django.urls import path

from integrations.certn.sandbox import api_links, reports, state
from integrations.certn.sandbox.http import api, body, error, page, uuid_or_none
from integrations.certn.sandbox.models import Case, Group, Package, ReportFile


def case_json(case: Case) -> dict:
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
        "invite_link": state.invite_link(case),
    }


def _ts(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


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
    return page(request, list(qs), case_json)


def _order_fields(request, account) -> tuple[dict, JsonResponse | None]:
    try:
        data = body(request)
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
        group = Group.objects.filter(account=account, pk=uuid_or_none(data["group"]), is_active=True).first()
        if group is None:
            return {}, error(400, f"Group {data['group']} does not exist in this account.", attr="group")
    problem = _mode_problem(data)
    if problem:
        return {}, problem
    name = (data.get("input_claims") or {}).get("name") or {}
    return {
        "email": email,
        "group": group,
        "given_name": name.get("given_name", ""),
        "family_name": name.get("family_name", ""),
        "send_invite": bool(data.get("send_invite_email")),
        "data": data,
    }, None


def _mode_problem(data: dict) -> JsonResponse | None:
    """Certn's two ordering modes (§2.1): an invite (Certn e-mails it, or returns the link) takes no
    applicant data; a Quickscreen (neither) takes all of it in `input_claims`."""
    invite = bool(data.get("send_invite_email")) or bool(data.get("return_invite_link"))
    claims = data.get("input_claims")
    if invite and claims not in (None, {}):
        return error(
            400,
            "input_claims is only accepted for a Quickscreen order (send_invite_email and "
            "return_invite_link false); an invited applicant enters their own details.",
            attr="input_claims",
        )
    if not invite and not (isinstance(claims, dict) and claims):
        return error(400, "This field is required for a Quickscreen order.", attr="input_claims", code="required")
    return None


@api
def order_package(request, account):
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    fields, problem = _order_fields(request, account)
    if problem:
        return problem
    package = Package.objects.filter(account=account, pk=uuid_or_none(fields["data"].get("package"))).first()
    if package is None:
        return error(400, f"Package {fields['data'].get('package')!r} does not exist.", attr="package")
    if not package.use_in_ats:
        return error(400, "Package is not enabled for ATS ordering.", attr="package")
    fields.pop("data")
    case = state.case_order(account=account, package=package, **fields)
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
    case = state.case_order(account=account, check_types=checks, **fields)
    return JsonResponse(case_json(case), status=201)


def _case(account, case_id) -> Case | None:
    return account.cases.select_related("package", "group", "account").filter(pk=uuid_or_none(case_id)).first()


@api
def case_detail(request, account, case_id):
    case = _case(account, case_id)
    return JsonResponse(case_json(case)) if case else error(404, "Not found.", code="not_found")


@api
def case_cancel(request, account, case_id):
    """Cancel every check of the case (§2.5). A complete case has nothing left to cancel and is
    refused (unconfirmed: Certn's reply there is not published); a cancelled one answers as it is."""
    case = _case(account, case_id)
    if case is None:
        return error(404, "Not found.", code="not_found")
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    if case.overall_status == "COMPLETE":
        return error(400, "A complete case cannot be cancelled.", attr=None)
    if case.overall_status != "CANCELLED":
        case = state.case_set_status(case, "CANCELLED")
    return JsonResponse(case_json(case))


@api
def generate_report(request, account, case_id):
    case = _case(account, case_id)
    if case is None:
        return error(404, "Not found.", code="not_found")
    if request.method != "POST":
        return error(405, "Method not allowed.", code="method_not_allowed")
    return JsonResponse({"case_report_file_id": str(reports.report_request(case).pk)}, status=201)


@api
def report_file(request, account, file_id):
    report = (
        ReportFile.objects.filter(pk=uuid_or_none(file_id), case__account=account)
        .select_related("case__account")
        .first()
    )
    if report is None:
        return error(404, "Not found.", code="not_found")
    url = reports.report_pdf_url(report) if report.status == "COMPLETE" else None
    return JsonResponse({"status": report.status, "pdf_url": url})


@api
def groups(request, account):
    items = list(account.groups.order_by("name"))
    return page(
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
    return page(
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
        path("<slug:region>/reports/<str:file_id>.pdf", api_links.report_pdf, name="report-pdf"),
        path("<slug:region>/portal/cases/<str:case_id>/", api_links.portal_case, name="portal-case"),
        path("<slug:region>/invite/<str:case_id>/", api_links.invite, name="invite"),
    ]
