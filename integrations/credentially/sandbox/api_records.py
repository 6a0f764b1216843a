"""Emulated read-back endpoints: requirements, documents (upload, download), checks, references (§2.6-§2.9)."""

import json

from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError

from integrations.credentially.sandbox import catalogue, render, state
from integrations.credentially.sandbox.http import endpoint, error, ok
from integrations.credentially.sandbox.models import DocumentFile


def _profile(org, profile_id):
    return org.profiles.select_related("organisation").filter(public_id=profile_id).first()


@endpoint("profile-compliance-packages")
def profile_packages(request, org, profile_id: str):
    profile = _profile(org, profile_id)
    if profile is None:
        return error(request, 404, "Profile not found")
    return ok(render.packages_json(profile))


@endpoint("get-documents", methods=("GET", "PUT"))
def documents(request, org, profile_id: str):
    profile = _profile(org, profile_id)
    if profile is None:
        return error(request, 404, "Profile not found")
    if request.method == "PUT":
        return _upload(request, org, profile)
    docs = list(profile.documents.prefetch_related("files"))
    if not docs:
        return error(request, 404, "Documents not found")
    return ok([render.document_json(d) for d in docs])


def _upload(request, org, profile):
    """multipart/form-data: part `data` (JSON) and part `file` (contract §2.7)."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > catalogue.MAX_UPLOAD_BYTES + 64 * 1024:
        return error(request, 413, "Maximum upload size exceeded")
    try:
        data, files = MultiPartParser(request.META, request, request.upload_handlers).parse()
        meta = json.loads(data.get("data") or "{}")
    except (MultiPartParserError, ValueError):
        return error(request, 400, "expected multipart/form-data with a JSON part 'data' and a part 'file'")
    upload = files.get("file")
    if upload is None or not isinstance(meta, dict):
        return error(request, 400, "part 'file' is required")
    if not org.profiles.filter(public_id=meta.get("uploaderId") or "").exists():
        return error(request, 400, "uploaderId is required and must be a profile of this organisation")
    type_key = meta.get("documentTypeKey") or ""
    if type_key not in catalogue.DOCUMENT_TYPES:
        return error(request, 400, f"unknown documentTypeKey {type_key!r}")
    if upload.size > catalogue.MAX_UPLOAD_BYTES:
        return error(request, 413, "Maximum upload size exceeded")
    if upload.content_type not in catalogue.ACCEPTED_TYPES:
        return error(request, 400, f"file type {upload.content_type} is not accepted")
    # issued / expiry / documentNumber: Credentially reads them by OCR; the sandbox takes them as given.
    state.document_upload(
        profile=profile,
        type_key=type_key,
        filename=upload.name,
        content=upload.read(),
        content_type=upload.content_type,
        issued=meta.get("issued") or None,
        expiry=meta.get("expiry") or None,
        number=meta.get("documentNumber") or "",
    )
    return ok({"message": "Document uploaded, processing started"})


@endpoint("download-file")
def download(request, org):
    file = DocumentFile.objects.filter(
        document__profile__organisation=org, file_id=_int(request.GET.get("fileId"))
    ).first()
    if file is None:
        return error(request, 500, "File not found")  # sic: Credentially answers 500 (contract §2.7)
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.origin_name}"'
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@endpoint("profile-dbs-load")
def dbs_checks(request, org, profile_id: str):
    profile = _profile(org, profile_id)
    checks = list(profile.dbs_checks.order_by("id")) if profile else []
    if not checks:
        return error(request, 404, "DBS checks not found")
    return ok([render.dbs_json(c) for c in checks])


@endpoint("profile-dbs-load")
def dbs_check(request, org, profile_id: str, check_id: int):
    profile = _profile(org, profile_id)
    check = profile.dbs_checks.filter(pk=check_id).first() if profile else None
    if check is None:
        return error(request, 404, "DBS check not found")
    return ok(render.dbs_json(check))


@endpoint("profile-right-to-work")
def right_to_work(request, org, profile_id: str):
    profile = _profile(org, profile_id)
    if profile is None:
        return error(request, 404, "Profile not found")
    return ok(render.right_to_work_json(profile))


@endpoint("profile-references")
def references(request, org, profile_id: str):
    profile = _profile(org, profile_id)
    if profile is None:
        return error(request, 404, "Profile not found")
    return ok(render.references_json(profile))
