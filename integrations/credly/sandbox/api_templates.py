"""Emulated Credly badge-template endpoints (contract §4.2): list, get, create, edit, archive, delete."""

from integrations.credly.sandbox import state
from integrations.credly.sandbox.http import api, apply_sort, no_content, ok, paged, parse_date, parse_filter
from integrations.credly.sandbox.models import Organization, TemplateState
from integrations.credly.sandbox.render import template_json

TEMPLATE_FILTERS = {
    "query",
    "name",
    "public",
    "state",
    "skills",
    "reporting_tags",
    "created_at_min",
    "created_at_max",
    "updated_at_min",
    "updated_at_max",
    "owner_id",
}
TEMPLATE_SORTS = {"name", "created_at", "updated_at"}
EDITABLE = ("name", "description", "state", "public", "allow_duplicate_badges", "skills", "reporting_tags")


@api("GET", "POST")
def templates(request, org: Organization):
    if request.method == "POST":
        body = request.json
        fields = {k: body[k] for k in EDITABLE if k in body}
        return ok(template_json(state.template_create(org, **fields)), status=201)
    queryset = org.templates.select_related("organization")
    queryset = _filter_templates(queryset, parse_filter(request, TEMPLATE_FILTERS), org)
    return paged(request, apply_sort(request, queryset, TEMPLATE_SORTS, "name"), template_json)


@api("GET", "PUT", "DELETE")
def template(request, org: Organization, template_id: str):
    found = _template(org, template_id)
    if request.method == "DELETE":
        state.template_delete(found)
        return no_content()
    if request.method == "PUT":
        found = state.template_update(found, **{k: request.json[k] for k in EDITABLE if k in request.json})
    return ok(template_json(found))


@api("PUT")
def template_archive(request, org: Organization, template_id: str):
    return ok(template_json(state.template_update(_template(org, template_id), state=TemplateState.ARCHIVED)))


@api("PUT")
def template_unarchive(request, org: Organization, template_id: str):
    return ok(template_json(state.template_update(_template(org, template_id), state=TemplateState.ACTIVE)))


def _template(org: Organization, template_id: str):
    found = state.find(org.templates.select_related("organization"), template_id)
    if found is None:
        raise state.CredlyApiError(404, "resource not found")
    return found


def _filter_templates(queryset, conditions: dict[str, str], org: Organization):
    for key, value in conditions.items():
        if key == "query":
            queryset = queryset.filter(name__icontains=value) | queryset.filter(description__icontains=value)
        elif key == "name":
            exact = len(value) > 1 and value.startswith('"') and value.endswith('"')
            queryset = queryset.filter(name=value[1:-1]) if exact else queryset.filter(name__icontains=value)
        elif key == "public":
            queryset = queryset.filter(public=value.lower() == "true")
        elif key == "state":
            queryset = queryset.filter(state__in=value.split(","))
        elif key in ("skills", "reporting_tags"):
            # JSON list membership, done in Python: SQLite has no JSON "contains" lookup.
            wanted = set(value.split(","))
            ids = [t.pk for t in queryset if wanted & set(getattr(t, key))]
            queryset = queryset.filter(pk__in=ids)
        elif key == "owner_id":
            queryset = queryset if value == str(org.id) else queryset.none()
        else:
            field, bound = key.rsplit("_", 1)
            lookup = "gte" if bound == "min" else "lte"
            queryset = queryset.filter(**{f"{field}__date__{lookup}": parse_date(value, key)})
    return queryset
