"""Emulated placements and their reference data (contract §2.3)."""

from datetime import date

from integrations.credentially.sandbox import catalogue
from integrations.credentially.sandbox.http import endpoint, error, json_body, ok, page_params, paged
from integrations.credentially.sandbox.models import Placement


def _stamp(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def placement_json(p: Placement) -> dict:
    reqs = list(p.profile.requirements.all())
    done = sum(1 for r in reqs if r.compliance_status == "COMPLIANT")
    return {
        "publicId": p.public_id,
        "employeePublicId": p.profile.public_id,
        "jobPositionId": p.profile.job_id,
        "rolePublicId": p.role_public_id,
        "locationPublicId": p.location_public_id,
        "jurisdictionPublicId": catalogue.JURISDICTION_ID,
        "status": p.status,
        "complianceStatus": p.profile.compliance_status,
        "compliancePercentage": round(100 * done / len(reqs)) if reqs else 0,
        "startDate": p.start_date.isoformat(),
        "endDate": p.end_date and p.end_date.isoformat(),
        "approvalDueDate": p.approval_due_date and p.approval_due_date.isoformat(),
        "approvedBy": None,
        "approvedAt": None,
        "stagePublicId": None,
        "notesCount": 0,
        "latestNotes": [],
        "createdAt": _stamp(p.created_at),
        "updatedAt": _stamp(p.updated_at),
    }


@endpoint("profile-groups-load")
def locations(request, org):
    return ok([{"publicId": k, "name": v} for k, v in catalogue.LOCATIONS.items()])


@endpoint("profile-groups-load")
def placement_roles(request, org):
    return ok([{"publicId": k, "name": v} for k, v in catalogue.PLACEMENT_ROLES.items()])


@endpoint("list-placements", methods=("GET", "POST"))
def placements(request, org):
    if request.method == "POST":
        return _create(request, org)
    page, size = page_params(request)
    if page < 0:
        return error(request, 400, "page and size must be numbers")
    found = Placement.objects.filter(profile__organisation=org).select_related("profile").order_by("-start_date")
    if request.GET.get("employeePublicId"):
        found = found.filter(profile__public_id=request.GET["employeePublicId"])
    if request.GET.get("status"):
        found = found.filter(status=request.GET["status"])
    return paged([placement_json(p) for p in found[page * size : (page + 1) * size]], found.count(), page, size)


def _create(request, org):
    body = json_body(request)
    if not isinstance(body, dict):
        return error(request, 400, "a JSON object is required")
    missing = [k for k in ("employeePublicId", "rolePublicId", "locationPublicId", "startDate") if not body.get(k)]
    if missing:
        return error(request, 400, f"required: {', '.join(missing)}")
    profile = org.profiles.filter(public_id=body["employeePublicId"]).first()
    if profile is None:
        return error(request, 404, "Employee not found")
    if body["rolePublicId"] not in catalogue.PLACEMENT_ROLES or body["locationPublicId"] not in catalogue.LOCATIONS:
        return error(request, 404, "Placement role or location not found")
    try:
        dates = {
            k: date.fromisoformat(body[k]) if body.get(k) else None for k in ("startDate", "endDate", "approvalDueDate")
        }
    except (TypeError, ValueError):
        return error(request, 400, "dates must be yyyy-mm-dd")
    placement = Placement.objects.create(
        profile=profile,
        role_public_id=body["rolePublicId"],
        location_public_id=body["locationPublicId"],
        start_date=dates["startDate"],
        end_date=dates["endDate"],
        approval_due_date=dates["approvalDueDate"],
        package_ids=body.get("compliancePackageIds") or [],
    )
    return ok(placement_json(placement), status=201)


@endpoint("single-placement")
def placement(request, org, placement_id: str):
    found = Placement.objects.filter(profile__organisation=org, public_id=placement_id).select_related("profile")
    if not found:
        return error(request, 404, "Placement not found")
    return ok(placement_json(found[0]))
