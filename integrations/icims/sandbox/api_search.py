"""Emulated Search API (contract §2.5): filter groups, ids only, 1,000 per call, ascending id.

Date fields as iCIMS documents them: with operator `=` (or none) `value` is the start and
`secondaryValue` the end of a range, either may be left out; `<`, `>`, `<=`, `>=` compare with
`value`. A date is a `{DATE:...}` token (`{DATE:START}{DATE:-9}` = the start of the day nine days
ago, `{DATE:END}` = the end of today, iCIMS's own examples), `yyyy-MM-dd hh:mm a` or `yyyy-MM-dd`
(UTC, midnight when no time). A date in no known form bounds nothing: iCIMS then lets every result
through rather than refusing. A date filter with neither value is refused (iCIMS: "do not support
blank searches"), and so is a `staleness` that is not a positive number of minutes (how iCIMS
itself answers those two is unconfirmed).
"""

import json
import re
from datetime import UTC, datetime, time, timedelta

from django.http import JsonResponse

from integrations.icims.payloads import SEARCH_PAGE
from integrations.icims.sandbox import state
from integrations.icims.sandbox.http import FIELD_PROBLEM, ApiError, icims_api, json_body, methods
from integrations.icims.sandbox.models import Customer, Job, Person, Workflow

# filter name -> value(s) of one record; a list matches when any element does
FILTERS = {
    "applicantworkflows": (
        Workflow,
        {
            "applicantworkflow.id": lambda wf: wf.pk,
            "applicantworkflow.status": lambda wf: [wf.status.node_id, wf.status.name],
            "applicantworkflow.updateddate": lambda wf: wf.updated_at,
            "applicantworkflow.person": lambda wf: wf.person_id,
            "applicantworkflow.person.id": lambda wf: wf.person_id,
            "applicantworkflow.person.email": lambda wf: wf.person.fields.get("email", ""),
            "applicantworkflow.job": lambda wf: wf.job_id,
            "applicantworkflow.job.id": lambda wf: wf.job_id,
        },
    ),
    "people": (
        Person,
        {
            "person.id": lambda p: p.pk,
            "person.email": lambda p: p.fields.get("email", ""),
            "person.firstname": lambda p: p.fields.get("firstname", ""),
            "person.lastname": lambda p: p.fields.get("lastname", ""),
            "person.folder": lambda p: _list_node(p.fields.get("folder")),
        },
    ),
    "jobs": (
        Job,
        {
            "job.id": lambda j: j.pk,
            "job.jobtitle": lambda j: j.fields.get("jobtitle", ""),
        },
    ),
}
OPERATORS = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def _list_node(value) -> list:
    return [value.get("id"), value.get("value")] if isinstance(value, dict) else [value]


@icims_api
def search_view(request, customer: Customer, search_type: str):
    methods(request, ("GET", "POST"))
    staleness = request.GET.get("staleness")
    if staleness is not None and not (staleness.isdigit() and int(staleness) > 0):
        raise ApiError(400, "staleness must be a positive whole number of minutes.", FIELD_PROBLEM)
    if search_type not in FILTERS:
        raise ApiError(404, f"Search type {search_type} is not available in the sandbox.", 2)
    query = _query(request)
    if not query.get("filters") and not query.get("children"):
        raise ApiError(400, "A search needs at least one filter.", FIELD_PROBLEM)
    model, getters = FILTERS[search_type]
    rows = model.objects.filter(customer=customer).order_by("pk")
    if model is Workflow:
        rows = rows.select_related("status", "person")
    hits = [row for row in rows if _matches(row, query, getters)][:SEARCH_PAGE]
    return JsonResponse(
        {"searchResults": [{"self": state.api_url(customer, f"{search_type}/{row.pk}"), "id": row.pk} for row in hits]}
    )


def _query(request) -> dict:
    if request.method == "POST":
        return json_body(request)
    try:
        query = json.loads(request.GET.get("searchJson") or "{}")
    except json.JSONDecodeError:
        raise ApiError(400, "searchJson is not valid JSON.", FIELD_PROBLEM) from None
    if not isinstance(query, dict):
        raise ApiError(400, "searchJson must be a JSON object.", FIELD_PROBLEM)
    return query


def _matches(row, group: dict, getters: dict) -> bool:
    results = [_filter_ok(row, f, getters) for f in group.get("filters") or []]
    results += [_matches(row, child, getters) for child in group.get("children") or []]
    return any(results) if group.get("operator") == "|" else all(results)


def _filter_ok(row, flt: dict, getters: dict) -> bool:
    name = flt.get("name", "")
    if name not in getters:
        raise ApiError(400, f"Search filter {name} is not supported.", FIELD_PROBLEM)
    compare = OPERATORS.get(flt.get("operator") or "=")
    if compare is None:
        raise ApiError(400, f"Search operator {flt.get('operator')} is not supported.", FIELD_PROBLEM)
    actual = getters[name](row)
    if isinstance(actual, datetime):
        return _in_date_range(actual, flt)
    actual_values = actual if isinstance(actual, list) else [actual]
    wanted = flt.get("value") or []
    wanted = wanted if isinstance(wanted, list) else [wanted]
    return any(_compare(compare, a, w) for a in actual_values for w in wanted)


def _compare(compare, actual, wanted) -> bool:
    if isinstance(actual, int):
        try:
            return compare(actual, int(wanted))
        except (TypeError, ValueError):
            return False
    return compare(str(actual or "").lower(), str(wanted).lower())


DATE_TOKEN = re.compile(r"^\{DATE:(START|END)\}(?:\{DATE:([+-]?\d+)\})?$")
DATE_FORMATS = ("%Y-%m-%d %I:%M %p", "%Y-%m-%d")


def _in_date_range(actual: datetime, flt: dict) -> bool:
    operator = flt.get("operator") or "="
    start, end = _date(flt, "value"), _date(flt, "secondaryValue")
    if not (flt.get("value") or flt.get("secondaryValue")):
        raise ApiError(400, f"Date filter {flt['name']} needs a value or a secondaryValue.", FIELD_PROBLEM)
    actual = actual.replace(second=0, microsecond=0)
    if operator in ("=", "!="):
        inside = (start is None or actual >= start) and (end is None or actual <= end)
        return inside if operator == "=" else not inside
    return start is None or OPERATORS[operator](actual, start)


def _date(flt: dict, key: str) -> datetime | None:
    """The first date of `key`, or None when absent or in no form iCIMS recognises (no bound, then)."""
    values = flt.get(key) or []
    values = values if isinstance(values, list) else [values]
    text = str(values[0]).strip() if values else ""
    if match := DATE_TOKEN.match(text):
        day = datetime.now(UTC).date() + timedelta(days=int(match.group(2) or 0))
        return datetime.combine(day, time.min if match.group(1) == "START" else time.max, tzinfo=UTC)
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
