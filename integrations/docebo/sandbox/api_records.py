"""Emulated external training (§3.6) and certifications with their awards (§3.7).

The write endpoints are unconfirmed on real tenants; they follow the contract's suggested shapes.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.shortcuts import get_object_or_404

from integrations.docebo.sandbox import state
from integrations.docebo.sandbox.http import ApiError, body_json, day, endpoint, int_list, one, page
from integrations.docebo.sandbox.models import Certification, CertificationAward, ExternalTraining, User
from integrations.sandbox.variants import variant_on

TRAINING_FIELDS = (
    "course_name",
    "course_type",
    "from_date",
    "to_date",
    "expiration_date",
    "score",
    "credits",
    "training_institute",
    "certificate",
    "status",
    "additional_fields",
)
DATE_FIELDS = ("from_date", "to_date", "expiration_date")
NULLABLE = ("score", "credits")


def training_item(row: ExternalTraining) -> dict:
    return {
        "id": row.pk,
        "user_id": row.user_id,
        "course_name": row.course_name,
        "course_type": row.course_type,
        "from_date": day(row.from_date),
        "to_date": day(row.to_date),
        "expiration_date": day(row.expiration_date),
        "score": float(row.score) if row.score is not None else None,
        "credits": float(row.credits) if row.credits is not None else None,
        "training_institute": row.training_institute,
        "certificate": row.certificate,
        "status": row.status,
        "additional_fields": row.additional_fields,
    }


@endpoint("GET", "POST")
def external_training(request):
    if request.method == "POST":
        body = body_json(request)
        user = User.objects.filter(pk=body.get("user_id") or 0).first()
        if user is None:
            raise ApiError(400, "user_id does not name a user of this platform")
        row = ExternalTraining(user=user)
        _apply(row, body, creating=True)
        return one({"id": row.pk})
    rows = ExternalTraining.objects.all()
    user_ids = int_list(request, "user_id")
    if user_ids and not variant_on("docebo", "ignores_user_filter"):
        rows = rows.filter(user_id__in=user_ids)
    if request.GET.get("sort_attr") == "id":  # sort_attr / sort_dir as on other lists (§2.2)
        rows = rows.order_by("-pk" if request.GET.get("sort_dir") == "desc" else "pk")
    return page(request, rows, training_item)


@endpoint("PUT", "DELETE")
def external_training_detail(request, training_id: int):
    row = get_object_or_404(ExternalTraining, pk=training_id)
    if request.method == "DELETE":
        row.delete()
    else:
        _apply(row, body_json(request), creating=False)
    return one({"success": True})


def _apply(row: ExternalTraining, body: dict, *, creating: bool) -> None:
    for name in TRAINING_FIELDS:
        if name not in body:
            continue
        value = body[name]
        if name in DATE_FIELDS:
            value = _date(name, value)
        elif name == "additional_fields" and not isinstance(value or {}, dict):
            raise ApiError(400, "additional_fields must be an object")
        elif value is None and name not in NULLABLE:
            value = {} if name == "additional_fields" else ""  # text columns: none means blank
        setattr(row, name, value)
    if creating and (not row.course_name or row.to_date is None):
        raise ApiError(400, "course_name and to_date are required")
    row.save()


def _date(name: str, value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ApiError(400, f"{name} must be a date, YYYY-MM-DD") from None


def certification_item(cert: Certification) -> dict:
    return {
        "id_cert": cert.pk,
        "code": cert.code,
        "title": cert.title,
        "description": cert.description,
        "validity_type": "days" if cert.validity_days else "none",
        "validity_days": cert.validity_days,
    }


@endpoint("GET")
def certifications(request):
    return page(request, Certification.objects.all(), certification_item, sort_attr="title")


def award_item(award: CertificationAward) -> dict:
    expired = award.expire_on is not None and award.expire_on <= date.today()
    return {
        "award_id": award.pk,
        "id_cert": award.certification_id,
        "user_id": award.user_id,
        "issued_on": day(award.issued_on),
        "expire_on": day(award.expire_on),
        "status": "expired" if expired else "active",
        **({} if variant_on("docebo", "ignores_award_origin") else _origin_item(award)),
    }


def _origin_item(award: CertificationAward) -> dict:
    return {"association_type": award.association_type, "source": award.source, "external_link": award.external_link}


@endpoint("GET")
def awards(request):
    rows = CertificationAward.objects.all()
    if user_ids := int_list(request, "user_id"):
        rows = rows.filter(user_id__in=user_ids)
    if cert_ids := int_list(request, "id_cert"):
        rows = rows.filter(certification_id__in=cert_ids)
    return page(request, rows, award_item)


@endpoint("POST")
def certification_users(request, certification_id: int):
    cert = get_object_or_404(Certification, pk=certification_id)
    body = body_json(request)
    user = User.objects.filter(pk=body.get("user_id") or 0).first()
    if user is None:
        raise ApiError(400, "user_id does not name a user of this platform")
    granted = state.award(
        certification=cert,
        user=user,
        issued_on=_issued(body),
        expire_on=_date("expire_on", body.get("expire_on")),
        origin=_origin(body),
    )
    return one({"award_id": granted.pk})


@endpoint("PUT", "DELETE")
def certification_user(request, certification_id: int, user_id: int):
    cert = get_object_or_404(Certification, pk=certification_id)
    user = get_object_or_404(User, pk=user_id)
    if request.method == "DELETE":
        state.award_revoke(certification=cert, user=user)
        return one({"success": True})
    body = body_json(request)
    granted = state.award_update(
        certification=cert,
        user=user,
        issued_on=_issued(body),
        expire_on=_date("expire_on", body.get("expire_on")),
        origin=_origin(body) if "association_type" in body else None,
    )
    return one({"success": True, "award_id": granted.pk})


def _issued(body: dict) -> date:
    issued = _date("issued_on", body.get("issued_on"))
    if issued is None:
        raise ApiError(400, "issued_on is required")
    return issued


def _origin(body: dict) -> dict:
    """Association type, source and external link, as the manual award form asks them (§3.7): an
    external certification needs its source and an http(s) link; an internal one has neither."""
    kind = body.get("association_type") or "internal"
    if variant_on("docebo", "ignores_award_origin"):
        kind = "internal"  # the variant: the keys are not part of this tenant's API, and dropped
    if kind not in ("internal", "external"):
        raise ApiError(400, "association_type must be internal or external")
    if kind == "internal":
        return {"association_type": kind, "source": "", "external_link": ""}
    source, link = str(body.get("source") or "").strip(), str(body.get("external_link") or "").strip()
    if not source:
        raise ApiError(400, "an external certification needs its source")
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ApiError(400, "external_link must be an http(s) URL") from None
    return {"association_type": kind, "source": source[:100], "external_link": link}
