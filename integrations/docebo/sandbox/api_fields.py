"""Emulated course additional fields (§3.5). Listing is confirmed; the writes follow the contract's
suggested shape: create with options, replace the full option list with PUT."""

from django.db import transaction
from django.shortcuts import get_object_or_404

from integrations.docebo.sandbox.http import ApiError, body_json, endpoint, one, page
from integrations.docebo.sandbox.models import CourseField, CourseFieldOption

FIELD_TYPES = ("dropdown", "textfield", "date", "iframe", "textarea", "yesno")


def field_item(field: CourseField) -> dict:
    item = {"id": field.pk, "type": field.field_type, "name": {"value": field.name, "values": {"english": field.name}}}
    if field.field_type == "dropdown":
        item["options"] = [{"id": o.pk, "label": o.label} for o in field.options.all()]
    return item


@endpoint("GET", "POST")
def fields(request):
    if request.method == "POST":
        return one({"id": _create(body_json(request)).pk})
    rows = CourseField.objects.filter(association=request.GET.get("association") or "course")
    return page(request, rows.prefetch_related("options"), field_item)


@transaction.atomic
def _create(body: dict) -> CourseField:
    name = body.get("name")
    if isinstance(name, dict):
        name = name.get("english") or next(iter(name.values()), "")
    if not name:
        raise ApiError(400, "name is required")
    if body.get("type", "dropdown") not in FIELD_TYPES:
        raise ApiError(400, f"type must be one of {', '.join(FIELD_TYPES)}")
    field = CourseField.objects.create(
        name=name, field_type=body.get("type", "dropdown"), association=body.get("association") or "course"
    )
    for option in _options(body):
        CourseFieldOption.objects.create(field=field, label=option["label"])
    return field


def _options(body: dict) -> list[dict]:
    options = body.get("options") or []
    if not isinstance(options, list) or not all(isinstance(o, dict) and o.get("label") for o in options):
        raise ApiError(400, "options must be a list of objects with a label")
    return options


@endpoint("PUT", "DELETE")
def field_detail(request, field_id: int):
    field = get_object_or_404(CourseField, pk=field_id)
    if request.method == "DELETE":
        field.delete()
        return one({"success": True})
    body = body_json(request)
    with transaction.atomic():
        if body.get("name"):
            name = body["name"]
            field.name = name.get("english", field.name) if isinstance(name, dict) else str(name)
            field.save(update_fields=["name"])
        if "options" in body:
            _replace_options(field, _options(body))
    return one({"success": True})


def _replace_options(field: CourseField, options: list[dict]) -> None:
    """Options with an id are kept (and relabelled), those without are created, the rest removed."""
    existing = {o.pk: o for o in field.options.all()}
    keep = set()
    for option in options:
        if option.get("id") is None:
            CourseFieldOption.objects.create(field=field, label=option["label"])
            continue
        found = existing.get(int(option["id"]))
        if found is None:
            raise ApiError(400, f"option {option['id']} is not an option of field {field.pk}")
        if found.label != option["label"]:
            found.label = option["label"]
            found.save(update_fields=["label"])
        keep.add(found.pk)
    # courses that had a removed option selected fall back to the default (nothing selected)
    CourseFieldOption.objects.filter(pk__in=set(existing) - keep).delete()
