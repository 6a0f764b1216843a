"""Emulated iCIMS profiles, recruiting workflows and collection-field endpoints (contract §2.2-§2.4)."""

from django.db import transaction
from django.http import JsonResponse

from integrations.icims.sandbox import state
from integrations.icims.sandbox.http import (
    FIELD_PROBLEM,
    FIELD_REQUIRED,
    ApiError,
    created,
    icims_api,
    json_body,
    methods,
    no_content,
    not_found,
)
from integrations.icims.sandbox.models import Customer, File, Job, Person, Workflow

MODELS = {"people": Person, "jobs": Job, "applicantworkflows": Workflow}
NAMES = {"people": "Person", "jobs": "Job", "applicantworkflows": "Recruiting workflow"}


def load(customer: Customer, profile_type: str, profile_id: int):
    model = MODELS.get(profile_type)
    if model is None:
        raise ApiError(404, f"Profile type {profile_type} is not available in the sandbox.", 2)
    obj = model.objects.filter(customer=customer, pk=profile_id).first()
    if obj is None:
        raise not_found(NAMES[profile_type])
    return obj


def rendered(obj) -> dict:
    return state.workflow_fields(obj) if isinstance(obj, Workflow) else obj.fields


@icims_api
def profiles_view(request, customer: Customer, profile_type: str):
    """POST /{profileType}: create a person, job or recruiting workflow; 201 + Location."""
    methods(request, ("POST",))
    body = json_body(request)
    if profile_type == "applicantworkflows":
        obj = _create_workflow(customer, body)
    elif profile_type in ("people", "jobs"):
        obj = MODELS[profile_type].objects.create(customer=customer, fields=state.merge({}, body))
    else:
        raise ApiError(404, f"Profile type {profile_type} is not available in the sandbox.", 2)
    return created(state.api_url(customer, f"{profile_type}/{obj.pk}"))


def _create_workflow(customer: Customer, body: dict) -> Workflow:
    for key in ("baseprofile", "associatedprofile"):
        if not body.get(key):
            raise ApiError(400, f"Field {key} is required.", FIELD_REQUIRED)
    job = load(customer, "jobs", _int(body["baseprofile"]))
    person = load(customer, "people", _int(body["associatedprofile"]))
    status = state.resolve_status(customer, body.get("status") or "D10100")
    if status is None:
        raise ApiError(400, f"Status {body.get('status')} is not in the status list.", FIELD_PROBLEM)
    source = body.get("source")
    source = source.get("value", "") if isinstance(source, dict) else str(source or "")
    return state.workflow_create(customer, person=person, job=job, status=status, source=source)


def _int(value) -> int:
    value = value.get("id") if isinstance(value, dict) else value
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"{value!r} is not a profile id.", FIELD_PROBLEM) from None


@icims_api
def profile_view(request, customer: Customer, profile_type: str, profile_id: int):
    methods(request, ("GET", "PATCH", "DELETE"))
    obj = load(customer, profile_type, profile_id)
    if request.method == "GET":
        only = [f for f in request.GET.get("fields", "").split(",") if f]
        return JsonResponse(state.present(rendered(obj), only))
    if request.method == "DELETE":
        obj.delete()
        return no_content()
    body = json_body(request)
    if isinstance(obj, Workflow):
        _patch_workflow(customer, obj, body)
    else:
        obj.fields = state.merge(obj.fields, _collections_merged(customer, obj.fields, body))
        obj.save()
    return no_content()


def _collections_merged(customer: Customer, fields: dict, body: dict) -> dict:
    """A collection sent in a person PATCH (contract §2.3, unconfirmed): a group with `entry` updates
    that group, one without is added (an exact duplicate ignored, as a POST would), and groups not
    named stay. Other keys pass through unchanged."""
    attachment_lists = {key.split("/")[0] for key in customer.file_fields if "/" in key}
    out = dict(body)
    for key, value in body.items():
        is_collection = key in state.COLLECTION_FIELDS | attachment_lists or isinstance(fields.get(key), list)
        if not (is_collection and isinstance(value, list) and all(isinstance(g, dict) for g in value)):
            continue
        groups = list(fields.get(key) or [])
        for sent in value:
            entry = sent.get("entry")
            index = next((i for i, g in enumerate(groups) if str(g.get("entry")) == str(entry)), None)
            if entry is not None and index is not None:
                groups[index] = {**state.merge(groups[index], sent), "entry": groups[index]["entry"]}
            elif not any({k: v for k, v in g.items() if k != "entry"} == sent for g in groups):
                top = max((int(g.get("entry", 0)) for g in groups), default=1000)
                groups.append({**{k: v for k, v in sent.items() if k != "entry"}, "entry": top + 1})
        out[key] = groups
    return out


# Keys of a workflow that are not free fields: the status moves the candidate; the linked
# profiles cannot be changed by PATCH, so like iCIMS's unknown keys they are ignored.
WORKFLOW_FIXED = {"status", "baseprofile", "associatedprofile", "source", "updateddate"}


@transaction.atomic
def _patch_workflow(customer: Customer, wf: Workflow, body: dict) -> None:
    wf.fields = state.merge(wf.fields, {k: v for k, v in body.items() if k not in WORKFLOW_FIXED})
    if "status" in body:
        status = state.resolve_status(customer, body["status"])
        if status is None:
            raise ApiError(400, f"Status {body['status']} is not in the status list.", FIELD_PROBLEM)
        state.workflow_move(wf, status)
    else:
        wf.save()


@icims_api
def field_view(request, customer: Customer, profile_type: str, profile_id: int, field: str):
    """GET one field's value; POST one group to a collection field (201 + Location)."""
    methods(request, ("GET", "POST"))
    obj = load(customer, profile_type, profile_id)
    if request.method == "GET":
        return JsonResponse(state.present({field: rendered(obj).get(field)}))
    current = obj.fields.get(field)
    attachment_lists = {key.split("/")[0] for key in customer.file_fields if "/" in key}
    if field not in state.COLLECTION_FIELDS | attachment_lists and not isinstance(current, list):
        raise ApiError(400, f"Field {field} is not a collection field.", FIELD_PROBLEM)
    values = json_body(request)
    groups = list(current or [])
    if any({k: v for k, v in g.items() if k != "entry"} == values for g in groups):
        return no_content()  # an exact duplicate group is silently ignored (§2.3)
    entry = max((int(g.get("entry", 0)) for g in groups), default=1000) + 1
    obj.fields = {**obj.fields, field: [*groups, {"entry": entry, **values}]}
    obj.save()
    return created(state.api_url(customer, f"{profile_type}/{profile_id}/fields/{field}/{entry}"))


@icims_api
def group_view(request, customer: Customer, profile_type: str, profile_id: int, field: str, group: int):
    methods(request, ("GET", "PATCH", "DELETE"))
    obj = load(customer, profile_type, profile_id)
    groups = list(obj.fields.get(field) or [])
    index = next((i for i, g in enumerate(groups) if int(g.get("entry", -1)) == group), None)
    if index is None:
        raise not_found(f"Entry {group} of {field}")
    if request.method == "GET":
        return JsonResponse(groups[index])
    if request.method == "DELETE":
        groups.pop(index)
        # A group's files go with it; otherwise a later group reusing this entry id would show them.
        if isinstance(obj, Person):
            File.objects.filter(person=obj, field__startswith=f"{field}/{group}/").delete()
    else:
        groups[index] = {**state.merge(groups[index], json_body(request)), "entry": group}
    obj.fields = {**obj.fields, field: groups}
    obj.save()
    return no_content()
