"""Emulated binary file fields of a person (contract §2.6): multipart PATCH in, raw bytes out.

Size and type limits are not published by iCIMS; the sandbox uses the contract's working
assumption: PDF, DOC, DOCX, RTF, TXT, PNG, JPG, and the tenant's request-body cap (413).
"""

from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError

from integrations.icims.payloads import ACCEPTED_EXTENSIONS
from integrations.icims.sandbox.api_profiles import load
from integrations.icims.sandbox.http import FIELD_PROBLEM, RESOURCE_NOT_FOUND, ApiError, icims_api, methods, no_content
from integrations.icims.sandbox.models import Customer, File

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


@icims_api
def binary_view(request, customer: Customer, profile_type: str, profile_id: int, field: str):
    """A person's file field, e.g. .../people/{id}/fields/resume/binary."""
    person = _person(customer, profile_type, profile_id)
    if field not in customer.file_fields:
        raise ApiError(400, f"Field {field} is not a file field.", FIELD_PROBLEM)
    return _binary(request, person, field)


@icims_api
def group_binary_view(
    request, customer: Customer, profile_type: str, profile_id: int, field: str, group: int, child: str
):
    """A file child inside a collection group, e.g. one version of a document in an attachments list."""
    person = _person(customer, profile_type, profile_id)
    if f"{field}/{child}" not in customer.file_fields:
        raise ApiError(400, f"Field {field}/{child} is not a file field.", FIELD_PROBLEM)
    if not any(int(g.get("entry", -1)) == group for g in person.fields.get(field) or []):
        raise ApiError(404, f"Entry {group} of {field} not found.", RESOURCE_NOT_FOUND)
    return _binary(request, person, f"{field}/{group}/{child}")


def _person(customer: Customer, profile_type: str, profile_id: int):
    if profile_type != "people":
        raise ApiError(400, "The sandbox keeps files on person profiles only.", FIELD_PROBLEM)
    return load(customer, "people", profile_id)


def _binary(request, person, field: str):
    methods(request, ("GET", "PATCH", "DELETE"))
    stored = File.objects.filter(person=person, field=field).first()
    if request.method == "GET":
        return _download(stored, field)
    if request.method == "DELETE":
        if field == "resume":
            raise ApiError(400, "The resume field cannot be deleted through the API.", FIELD_PROBLEM)
        if stored:
            stored.delete()
        return no_content()
    name, content_type, content = _upload(request)
    File.objects.update_or_create(
        person=person,
        field=field,
        defaults={"filename": name, "content_type": content_type, "size": len(content), "content": content},
    )
    person.save()  # the profile's updated date moves with its files
    return no_content()


def _download(stored: File | None, field: str):
    if stored is None:  # iCIMS answers JSON rather than bytes when the field holds no file
        return JsonResponse(
            {"warnings": [{"errorMessage": f"No file in field {field}.", "errorCode": RESOURCE_NOT_FOUND}]}
        )
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.filename}"'
    return response


def _upload(request) -> tuple[str, str, bytes]:
    if not request.content_type.startswith("multipart/form-data"):
        raise ApiError(400, "Send the file as multipart/form-data; raw binary bodies are not accepted.", FIELD_PROBLEM)
    try:
        _, files = MultiPartParser(request.META, request, request.upload_handlers, request.encoding).parse()
    except MultiPartParserError as exc:
        raise ApiError(400, f"The multipart body could not be read: {exc}", FIELD_PROBLEM) from None
    parts = list(files.values())
    if len(parts) != 1 or not parts[0].name:
        raise ApiError(400, "Send exactly one file part with a filename.", FIELD_PROBLEM)
    upload = parts[0]
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ACCEPTED_EXTENSIONS:
        raise ApiError(400, f"Files of type .{extension or '?'} are not accepted.", FIELD_PROBLEM)
    content_type = (upload.content_type or "").split(";")[0] or ALLOWED_TYPES[extension]
    if content_type == "application/octet-stream":
        content_type = ALLOWED_TYPES[extension]
    return upload.name, content_type, upload.read()
