"""Emulated Credly issued-badge endpoints (contract §4.3): list, high-volume search, issue, get,
revoke, replace, delete. The single-badge GET is not in Credly's documentation: the variant
`no_single_badge_endpoint` answers it with Credly's JSON 404, as a tenant without it would."""

from django.db.models import Q

from integrations.credly.sandbox import state
from integrations.credly.sandbox.http import (
    api,
    apply_sort,
    no_content,
    ok,
    page_of,
    paged,
    parse_date,
    parse_filter,
    parse_time,
)
from integrations.credly.sandbox.models import BadgeState, Organization, Template
from integrations.credly.sandbox.render import badge_json, badge_minimal_json
from integrations.sandbox.variants import variant_on

NO_SINGLE_BADGE = "no_single_badge_endpoint"

BADGE_FILTERS = {
    "recipient_email_all",
    "recipient_email",
    "state",
    "badge_template_id",
    "issuer_earner_id",
    "query",
    "public",
    "issued_at_min",
    "issued_at_max",
    "updated_at_min",
    "updated_at_max",
    "state_updated_at_min",
    "state_updated_at_max",
}
BADGE_SORTS = {"issued_at", "created_at", "updated_at", "state_updated_at", "expires_at"}


@api("GET", "POST")
def badges(request, org: Organization):
    if request.method == "POST":
        return ok(badge_json(state.badge_issue(org, **_issue_fields(request.json))), status=201)
    queryset = org.badges.select_related("template", "organization", "replacement")
    queryset = apply_sort(
        request, _filter_badges(queryset, parse_filter(request, BADGE_FILTERS)), BADGE_SORTS, "-issued_at"
    )
    return paged(request, queryset, badge_json)


@api("GET")
def high_volume(request, org: Organization):
    """All badges for bulk reads (§4.3.5): the badge list's filters, `badge_format=minimal|default`,
    and metadata that holds only `next_page_url`."""
    formats = {"minimal": badge_minimal_json, "default": badge_json}
    to_json = formats.get(request.GET.get("badge_format") or "minimal")
    if to_json is None:
        raise state.CredlyApiError(400, "badge_format must be minimal or default")
    queryset = org.badges.select_related("template", "organization", "replacement")
    queryset = _filter_badges(queryset, parse_filter(request, BADGE_FILTERS)).order_by("created_at", "id")
    items, metadata = page_of(request, queryset, to_json)
    return ok(items, metadata={"next_page_url": metadata["next_page_url"]})


@api("GET", "DELETE")
def badge(request, org: Organization, badge_id: str):
    if request.method == "GET" and variant_on("credly", NO_SINGLE_BADGE):
        raise state.CredlyApiError(404, "resource not found")
    found = _badge(org, badge_id)
    if request.method == "DELETE":
        state.badge_delete(found)
        return no_content()
    return ok(badge_json(found))


@api("PUT")
def badge_revoke(request, org: Organization, badge_id: str):
    reason = request.json.get("reason") or None
    return ok(badge_json(state.badge_set_state(_badge(org, badge_id), BadgeState.REVOKED, reason=reason)))


@api("POST")
def badge_replace(request, org: Organization, badge_id: str):
    old = _badge(org, badge_id)
    body = request.json
    if not body.get("badge_template_id") or not body.get("issued_at"):
        raise state.invalid("badge_template_id and issued_at are required")
    changes = {key: value for key, value in _issue_fields(body, required=False).items() if value is not None}
    if "expires_at" in body:
        changes["expires_at"] = _expiry(body["expires_at"])
    return ok(badge_json(state.badge_replace(old, **changes)), status=201)


def _badge(org: Organization, badge_id: str):
    found = state.find(org.badges.select_related("template", "organization", "replacement"), badge_id)
    if found is None:
        raise state.CredlyApiError(404, "resource not found")
    return found


def _issue_fields(body: dict, *, required: bool = True) -> dict:
    names = ("recipient_email", "badge_template_id", "issued_at", "issued_to_first_name", "issued_to_last_name")
    missing = [n for n in names if not body.get(n)]
    if required and missing:
        raise state.invalid(f"{', '.join(missing)} can't be blank")
    fields = {
        "template_id": body.get("badge_template_id"),
        "recipient_email": body.get("recipient_email"),
        "first_name": body.get("issued_to_first_name"),
        "last_name": body.get("issued_to_last_name"),
        "middle_name": body.get("issued_to_middle_name"),
        "issuer_earner_id": body.get("issuer_earner_id"),
        "issued_at": parse_time(body.get("issued_at"), "issued_at"),
        "locale": body.get("locale"),
        "evidence": _evidence(body.get("evidence")),
    }
    if "suppress_badge_notification_email" in body:
        fields["suppress_notifications"] = bool(body["suppress_badge_notification_email"])
    if required:
        fields = {k: v for k, v in fields.items() if v is not None}
        fields["expires_at"] = _expiry(body.get("expires_at"))
    return fields


def _expiry(value):
    """`false` never expires, null/absent takes the template's default (§1.4)."""
    if value is False:
        return None
    if value is None:
        return state.UNSET
    return parse_time(value, "expires_at")


def _evidence(items):
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("type") for i in items):
        raise state.invalid("evidence must be a list of objects, each with a type")
    return items


def _filter_badges(queryset, conditions: dict[str, str]):
    for key, value in conditions.items():
        if key in ("recipient_email_all", "recipient_email"):
            queryset = queryset.filter(recipient_email__iexact=value)
        elif key == "state":
            queryset = queryset.filter(state__in=value.split(","))
        elif key == "badge_template_id":
            template = state.find(Template.objects, value)
            queryset = queryset.filter(template=template) if template else queryset.none()
        elif key == "issuer_earner_id":
            queryset = queryset.filter(issuer_earner_id=value)
        elif key == "query":
            queryset = queryset.filter(
                Q(recipient_email__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
            )
        elif key == "public":
            queryset = queryset.filter(public=value.lower() == "true")
        else:
            field, bound = key.rsplit("_", 1)
            lookup = "gte" if bound == "min" else "lte"
            queryset = queryset.filter(**{f"{field}__date__{lookup}": parse_date(value, key)})
    return queryset
