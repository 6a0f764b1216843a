"""Emulated organisation set-up and staff endpoints (contract §2.1, §2.2, §2.5)."""

from django.db.models import Q

from integrations.credentially.sandbox import catalogue, render, state
from integrations.credentially.sandbox.http import endpoint, error, json_body, ok, page_params, paged
from integrations.credentially.sandbox.models import Profile

PROFILE_PREFETCH = ("requirements",)


def _profiles(org):
    return org.profiles.select_related("role", "organisation").prefetch_related(*PROFILE_PREFETCH)


@endpoint("profile-metadata")
def metadata(request, org):
    roles = [
        {
            "id": r.pk,
            "name": r.name,
            "description": r.description,
            "staffType": r.staff_type,
            "reserved": False,
            "accessTags": [],
            "employeesCount": r.profile_set.count(),
            "signUpAllowed": True,
        }
        for r in org.roles.order_by("name")
    ]
    fields = [
        {"name": key, "jsonSchema": {"type": "string", "title": label}}
        for key, label in catalogue.PROFILE_FIELDS.items()
    ]
    return ok({"profileFields": fields, "roles": roles})


@endpoint("profile-groups-load")
def groups(request, org):
    return ok([{"id": g.public_id, "name": g.name} for g in org.groups.order_by("name")])


@endpoint("organisation-compliance-packages")
def packages(request, org):
    return ok([catalogue.package_json()])


@endpoint("get-document-types")
def document_types(request, org):
    return ok([catalogue.document_type_json(k) for k in catalogue.DOCUMENT_TYPES])


@endpoint("create-profile", methods=("GET", "PUT", "PATCH"))
def profiles(request, org):
    if request.method == "PUT":
        return _create(request, org)
    if request.method == "PATCH":
        return _update(request, org)
    page, size = page_params(request)
    if page < 0:
        return error(request, 400, "page and size must be numbers")
    found = _profiles(org)
    if request.GET.get("name"):
        term = request.GET["name"]
        found = found.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term))
    if request.GET.get("complianceStatus"):
        found = found.filter(compliance_status=request.GET["complianceStatus"])
    if request.GET.getlist("jobPositionStatus"):
        found = found.filter(job_status__in=request.GET.getlist("jobPositionStatus"))
    total = found.count()
    items = [render.profile_json(p, detail=False) for p in found[page * size : (page + 1) * size]]
    return paged(items, total, page, size)


def _create(request, org):
    body = json_body(request)
    if not isinstance(body, dict) or not body.get("email"):
        return error(request, 400, "email is required")
    role = org.roles.filter(name=body.get("roleName") or "").first()
    if role is None:
        return error(request, 400, f"invalid role: {body.get('roleName')!r}")
    if org.profiles.filter(email__iexact=body["email"]).exists():
        # Undocumented in Credentially's spec (contract §2.2): the emulator answers 409.
        return error(request, 409, "A profile with this email already exists")
    fields, unknown = _fields(body.get("fields"))
    profile = state.profile_create(
        org=org,
        email=body["email"],
        role=role,
        first_name=body.get("firstName") or "",
        last_name=body.get("lastName") or "",
        phone=body.get("phone") or "",
        groups=body.get("groups") or [],
        custom_fields=fields,
        active=bool(body.get("forceActivate")),
        registration_number=body.get("registrationNumber") or "",
    )
    result = "SUCCESS" if not unknown else f"UNKNOWN_FIELDS: {', '.join(unknown)}"
    return ok(
        {"customFieldUpdateResult": result, "profileDto": render.profile_json(_reload(profile), detail=False)},
        status=201,
    )


def _update(request, org):
    body = json_body(request)
    if not isinstance(body, dict) or not body.get("email"):
        return error(request, 400, "email is required")
    profile = org.profiles.filter(email__iexact=body["email"]).first()
    if profile is None:
        return error(request, 404, "Profile not found")
    fields, unknown = _fields(body.get("fields"))
    profile.custom_fields = {**profile.custom_fields, **fields}
    if body.get("registrationNumber"):
        profile.registration_number = body["registrationNumber"]
    profile.save()
    result = "SUCCESS" if not unknown else f"UNKNOWN_FIELDS: {', '.join(unknown)}"
    return ok({"customFieldUpdateResult": result, "profileDto": render.profile_json(_reload(profile), detail=False)})


def _fields(items) -> tuple[dict, list[str]]:
    known, unknown = {}, []
    for item in items or []:
        name = (item or {}).get("fieldName", "")
        if name in catalogue.PROFILE_FIELDS:
            known[name] = item.get("value")
        else:
            unknown.append(str(name))
    return known, unknown


def _reload(profile: Profile) -> Profile:
    return Profile.objects.select_related("role", "organisation").get(pk=profile.pk)


@endpoint("load-all-profiles")
def profiles_all(request, org):
    return ok(
        [
            {
                "id": p.public_id,
                "email": p.email,
                "firstName": p.first_name,
                "lastName": p.last_name,
                "complianceStatus": p.compliance_status,
            }
            for p in org.profiles.all()
        ]
    )


@endpoint("profile-by-email")
def profile_find(request, org):
    profile = _profiles(org).filter(email__iexact=request.GET.get("email", "")).first()
    if profile is None:
        return error(request, 404, "Profile not found")
    return ok(render.profile_json(profile))


@endpoint("profile-by-id")
def profile_detail(request, org, profile_id: str):
    profile = _profiles(org).filter(public_id=profile_id).first()
    if profile is None:
        return error(request, 404, "Profile not found")
    return ok(render.profile_json(profile))
