"""Credly's documented API as checks: the operations (method, path, query, body) a client may send
and the JSON each answers, from the contract's confirmed facts (tests/contracts/credly/).

Credly publishes no machine-readable API description (see credly/README.md), so the schemas are
written from ../shared/contracts/credly.md and validated with `jsonschema`. `check_request`
names the documented operation a request is, or fails; `check_answer` validates what came back.
"""

import base64
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "credly" / "credly.schema.json").read_text())
PAGED = {"page", "per"}
BADGE_FILTERS = {  # §4.3.3, confirmed or observed; the date windows are unconfirmed and not allowed
    "recipient_email_all",
    "recipient_email",
    "state",
    "badge_template_id",
    "badge_templates[reporting_tags]",
    "issuer_earner_id",
    "query",
    "public",
}
TEMPLATE_FILTERS = {  # §4.2, confirmed (documentation table)
    "query",
    "name",
    "public",
    "reporting_tags",
    "recommendation_ids",
    "skills",
    "state",
    "created_at_min",
    "created_at_max",
    "updated_at_min",
    "updated_at_max",
    "owner_id",
    "collection_id",
}
HIGH_VOLUME_FILTERS = BADGE_FILTERS | {"expires_at_date_min", "expires_at_date_max"}  # §4.3.5 example


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # regex after /v1, without the optional trailing slash
    answer: str  # schema of the body: "single" / "collection" / "high_volume_page" / "" (no body)
    item: str = ""  # schema of data (single) or of each element (collection)
    body: str = ""  # schema of the request body
    query: frozenset = frozenset()
    filters: frozenset = frozenset()
    sorts: frozenset = frozenset()
    status: int = 200
    documented: bool = True


ORG, ID = r"/organizations/[^/]+", r"/[^/]+"
OPERATIONS = (
    Operation("GET", r"/organizations", "collection", "organization", query=frozenset(PAGED)),
    Operation("GET", ORG, "single", "organization"),
    Operation("PUT", ORG, "single", "organization", body="organization_update_request"),
    Operation("GET", ORG + "/authorization_tokens", "collection", "authorization_token", query=frozenset(PAGED)),
    Operation(
        "GET",
        ORG + "/badge_templates",
        "collection",
        "badge_template",
        query=frozenset(PAGED | {"filter", "sort"}),
        filters=frozenset(TEMPLATE_FILTERS),
        sorts=frozenset({"name", "-name", "updated_at", "-updated_at", "created_at", "-created_at"}),
    ),
    Operation("GET", ORG + "/badge_templates" + ID, "single", "badge_template"),
    Operation(
        "GET",
        ORG + "/badges",
        "collection",
        "badge",
        query=frozenset(PAGED | {"filter", "sort"}),
        filters=frozenset(BADGE_FILTERS),
        sorts=frozenset({"-issued_at", "issued_at"}),
    ),
    Operation("POST", ORG + "/badges", "single", "badge", body="issue_request", status=201),
    Operation(
        "GET",
        ORG + "/high_volume_issued_badge_search",
        "high_volume_page",
        "badge_minimal",
        query=frozenset(PAGED | {"filter", "badge_format"}),
        filters=frozenset(HIGH_VOLUME_FILTERS),
    ),
    Operation("PUT", ORG + "/badges" + ID + "/revoke", "single", "badge", body="revoke_request"),
    Operation("POST", ORG + "/badges" + ID + "/replace", "single", "badge", body="replace_request", status=201),
    Operation("DELETE", ORG + "/badges" + ID, "", status=204),
    Operation("GET", ORG + "/events", "collection", "event", query=frozenset(PAGED)),
    Operation("GET", ORG + "/events" + ID, "single", "event"),
    # §4.3.4: widely assumed, not in Credly's documentation; only the connection check may ask it
    Operation("GET", ORG + "/badges" + ID, "single", "badge", documented=False),
)
AUTHORIZATION = re.compile(r"^(Basic [A-Za-z0-9+/]+=*|Bearer \S+)$")


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"})


def validate(name: str, instance) -> None:
    """Raise AssertionError listing every way `instance` breaks the schema `name`."""
    errors = sorted(_validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:10]]
        raise AssertionError(f"not Credly's {name}:\n  " + "\n  ".join(lines))


def operation_of(method: str, url: str) -> Operation:
    path = urlsplit(url).path
    path = path[path.index("/v1/") + 3 :].rstrip("/") if "/v1/" in path else path
    for op in OPERATIONS:
        if op.method == method and re.fullmatch(op.path, path):
            return op
    raise AssertionError(f"{method} {path} is no operation Credly documents")


def check_request(method: str, url: str, headers, body: bytes | str | None) -> Operation:
    """The documented operation this request is; fails on anything Credly does not document."""
    op = operation_of(method, url)
    auth = headers.get("Authorization", "")
    assert AUTHORIZATION.match(auth), f"{method} {url}: Authorization is neither Basic nor Bearer"
    if auth.startswith("Basic "):
        assert base64.b64decode(auth[6:]).decode().endswith(":"), "the token goes as the Basic username (§1.2)"
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    unknown = set(query) - op.query
    assert not unknown, f"{method} {url}: query parameters Credly does not document: {sorted(unknown)}"
    for key in ("page", "per"):
        assert key not in query or int(query[key]) >= 1, f"{key} must be a positive number"
    if "filter" in query:
        for condition in query["filter"].split("|"):
            key, sep, value = condition.partition("::")
            assert sep and value, f"filter condition {condition!r} is not key::value (§2.2)"
            assert key in op.filters, f"filter key {key!r} is not documented for {op.path}"
    if "sort" in query:
        assert set(query["sort"].split("|")) <= op.sorts, f"sort {query['sort']!r} is not documented for {op.path}"
    if "badge_format" in query:
        assert query["badge_format"] in ("minimal", "default")
    if op.body:
        assert "json" in headers.get("Content-Type", ""), "Credly takes JSON bodies (§1.4)"
        validate(op.body, json.loads(body))
    return op


def check_answer(op: Operation, status: int, body: bytes, query: dict | None = None) -> None:
    """What an answer to `op` must look like: its envelope and its objects, or Credly's error."""
    if status >= 400:
        validate("error", json.loads(body))
        return
    assert 200 <= status < 300, f"{op.method} {op.path} answered {status}"
    if not op.answer:
        assert not body, "a 204 has no body"
        return
    answer = json.loads(body)
    validate(op.answer, answer)
    item = op.item
    if op.answer == "high_volume_page" and (query or {}).get("badge_format") == "default":
        item = "badge"
    for data in answer["data"] if isinstance(answer["data"], list) else [answer["data"]]:
        validate(item, data)
