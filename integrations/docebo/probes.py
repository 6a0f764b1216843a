"""The Docebo connection check (contract ../shared/contracts/docebo.md; docs/docebo.md).

Read-only probes of what the badge flows rely on: the OAuth2 credentials and the token's
lifetime, each endpoint the flows read, whether the tenant honours the two filters Docebo does
not document where the hub uses them (course additional field on the course list, user on the
external-training list), and the webhook settings, which Docebo offers no API to read.
"""

from integrations.client.errors import BadRequest, PermanentError, Unauthorized
from integrations.docebo import client as api
from integrations.docebo.client_records import CERTIFICATION_AWARDS_URL, CERTIFICATIONS_URL, EXTERNAL_TRAININGS_URL
from integrations.docebo.payloads import as_int, course_field_value, field_name, field_options
from integrations.probes import failed, passed, skipped

API_APP = "In Docebo, open Admin Menu > API and SSO > API Credentials"
NEW_CREDENTIALS = (
    f"{API_APP}, open the OAuth2 app Crosswalk uses (or add one), make sure it is active and allows the Client "
    "Credentials grant, then copy its Client ID and Client Secret into this connection (Crosswalk > Connections)."
)
PERMISSIONS = (
    f"{API_APP}: the OAuth2 app acts as a Superadmin; check it is not limited to fewer services. If the app "
    "named here (Certifications, External training) is not active, activate it in Admin Menu > Apps & features."
)
ENDPOINTS = [  # (line name, path, extra query): what the flows read, one small page each
    ("Users answer", api.USERS_URL, {}),
    ("Courses answer", api.COURSES_URL, {}),
    ("Course enrollments answer", api.COURSE_ENROLLMENTS_URL, {}),
    ("Course additional fields answer", api.COURSE_FIELDS_URL, {"association": "course", "show_field": 1}),
    ("Learning plans answer", api.LEARNING_PLANS_URL, {"return_courses": "true"}),
    ("Learning plan enrollments answer", api.LP_ENROLLMENTS_URL, {"extra_fields[]": api.LP_EXTRA_FIELDS}),
    ("External training answers", EXTERNAL_TRAININGS_URL, {}),
    ("Certifications answer", CERTIFICATIONS_URL, {}),
    ("Certification awards answer", CERTIFICATION_AWARDS_URL, {}),
]
COURSES_CHECKED = 5  # course reads the course-filter probe may spend


def credentials(connection) -> list:
    """Credentials accepted"""
    try:
        answer = connection.client().request_token()
    except (Unauthorized, BadRequest) as exc:
        why = f"Docebo refused this connection's client id and secret. ({exc})"
        return [failed("Credentials accepted", why, NEW_CREDENTIALS), skipped("Token lifetime", "no token was given")]
    if not answer.get("access_token"):
        detail = "Docebo's sign-in answered without a token: is the base URL the platform's address?"
        fix = "Set the base URL to your Docebo platform's address, e.g. https://yourcompany.docebosaas.com."
        return [failed("Credentials accepted", detail, fix), skipped("Token lifetime", "no token was given")]
    lines = [passed("Credentials accepted", "Docebo gave a token for this connection's OAuth2 app")]
    lifetime = as_int(answer.get("expires_in"))
    if not lifetime:
        return [*lines, passed("Token lifetime", "Docebo did not say; Crosswalk renews the token every hour")]
    return [*lines, passed("Token lifetime", f"{lifetime // 60} minutes (expires_in={lifetime}); renewed as needed")]


def endpoints(connection) -> list:
    """Endpoints the flows read answer"""
    client, lines = connection.client(), []
    for name, path, extra in ENDPOINTS:
        try:
            data = client.get_json(path, params={**extra, "page": 1, "page_size": 1}) or {}
        except PermanentError as exc:
            lines.append(failed(name, f"Docebo refused {path} for this OAuth2 app. ({exc})", PERMISSIONS))
            continue
        total = (data.get("data") or {}).get("total_count")
        lines.append(passed(name, path + (f" ({total} in all)" if total is not None else "")))
    return lines


def course_filter(connection) -> object:
    """Docebo honours the course filter"""
    name = "Docebo honours the course filter"
    client = connection.client()
    dropdowns = [f for f in client.list_course_fields() if f.get("type") == "dropdown" and field_options(f)]
    if not dropdowns:
        return skipped(name, "no course dropdown field with options yet (the badge field sync creates one)")
    field = max(dropdowns, key=lambda f: len(field_options(f)))
    options = field_options(field)[:2]
    listings = [(o, _first_page(client, api.COURSES_URL, {f"field_{field['id']}": o["id"]})) for o in options]
    if len(listings) == 2:  # a course holds one option: honoured, the two lists share no course
        second = {c.get("id_course") for c in listings[1][1]}
        shared = next((c for c in listings[0][1] if c.get("id_course") in second), None)
        if shared is not None:
            own = course_field_value(client.get_course(as_int(shared.get("id_course"))), field["id"])
            wrong = options[1] if own != str(options[1]["id"]) else options[0]
            return _ignored(name, field, wrong, shared, _label(field, own))
    for option, listed in listings:
        for course in listed[:COURSES_CHECKED]:
            own = course_field_value(client.get_course(as_int(course.get("id_course"))), field["id"])
            if own != str(option["id"]):
                return _ignored(name, field, option, course, _label(field, own))
    counts = ", ".join(f"{o['label']!r}: {len(listed)} course(s)" for o, listed in listings)
    return passed(name, f"{field_name(field)!r} filtered by option ({counts}), each course checked")


def _ignored(name: str, field: dict, option: dict, course: dict, own: str):
    return failed(
        name,
        f"Asked for the courses whose {field_name(field)!r} is {option['label']!r}, Docebo also listed "
        f"{course.get('name')!r}, which is set to {own}: the platform ignores this filter on its course list. "
        "Badges stay right (Crosswalk then reads each course's own choice), but a batch spends one API call per "
        "course of the platform (Docebo allows 1,000 an hour).",
        "Nothing to change in Crosswalk or in Docebo's settings. Ask Docebo support to enable additional-field "
        "filters (field_<id>) on GET /learn/v1/courses for your platform, then run this check again.",
    )


def user_filter(connection) -> object:
    """Docebo honours the external-training user filter"""
    name = "Docebo honours the external-training user filter"
    client = connection.client()
    sample = next(iter(_first_page(client, EXTERNAL_TRAININGS_URL, {})), None)
    if sample is None:
        return skipped(name, "no external training in Docebo yet: nothing to filter")
    user = as_int(sample.get("user_id"))
    listed = _first_page(client, EXTERNAL_TRAININGS_URL, {"user_id[]": [user]})
    if any(as_int(t.get("user_id")) != user for t in listed):
        return failed(
            name,
            f"Asked for user {user}'s external training, Docebo also listed other learners' records: the platform "
            "ignores this filter. Crosswalk then searches only the 200 newest records, and keeps its own record of "
            "the external training it created, so it never pages through every learner's records.",
            "Nothing to change in Crosswalk. Ask Docebo support whether GET /learn/v1/external_training can be "
            "filtered by user on your platform, then run this check again.",
        )
    return passed(name, f"user {user}'s records only")


def award_origin(connection) -> object:
    """Docebo shows where an award came from"""
    name = "Docebo shows where an award came from"
    try:
        awards = _first_page(connection.client(), CERTIFICATION_AWARDS_URL, {})
    except PermanentError:
        return skipped(name, "the certification award list did not answer (see 'Certification awards answer')")
    if not awards:
        return skipped(name, "no certification award in Docebo yet: nothing to read")
    external = [a for a in awards if a.get("association_type") == "external"]
    if any("external_link" in a for a in awards) and all(a.get("external_link") for a in external):
        return passed(name, f"awards carry their association type, source and link ({len(external)} external)")
    return failed(
        name,
        "Docebo's award list shows no source or external link on its awards (or an external award without its "
        "link): certifications Crosswalk awards from Credly badges may not show learners where they came from, "
        "the link at the end of the row in My Activities > Certifications.",
        "Nothing breaks: awards are still made. In Docebo's API browser (service 'certification'), look up the "
        "fields of an award for its association type, source and external link, and tell your Crosswalk "
        "maintainer: Crosswalk sends association_type=external, source and external_link.",
    )


def webhooks(connection) -> object:
    """Webhook points at this hub"""
    return skipped(
        "Webhook points at this hub",
        "Docebo offers no API to read its webhook settings, so check them by hand: in Docebo, Admin Menu > "
        f"Webhooks, the webhook's payload URL must be {connection.webhook_url}, with this connection's webhook "
        "user name and secret as its authentication, and its events must include course.enrollment.completed "
        "(and the learning-plan and certification events you map).",
    )


def _first_page(client, path: str, params: dict):
    data = client.get_json(path, params={**params, "page": 1, "page_size": api.PAGE_SIZE}) or {}
    return (data.get("data") or {}).get("items") or []


def _label(field: dict, option_id: str | None) -> str:
    if not option_id:
        return "no choice"
    return repr(next((o["label"] for o in field_options(field) if str(o["id"]) == option_id), option_id))


PROBES = [credentials, endpoints, course_filter, user_filter, award_origin, webhooks]
