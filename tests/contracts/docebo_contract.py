"""Docebo's API as checks: the operations (method, path, query keys, body) a client may send and the
JSON each answers, from the contract's confirmed and observed facts (tests/contracts/docebo/).

Docebo publishes no machine-readable API description outside each tenant (see docebo/README.md),
so the schemas are written from ../shared/contracts/docebo.md and validated with `jsonschema`.
An operation the contract marks unconfirmed (external-training writes, certification awards,
course-field writes) is listed with `confirmed=False`: the emulator's suggested contract, which
the tests name one by one so a new unconfirmed call cannot slip in unnoticed.
"""

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "docebo" / "docebo.schema.json").read_text())
PAGED = frozenset({"page", "page_size"})
SORTED = frozenset({"sort_attr", "sort_dir"})
FIELD_QUERY = frozenset({"no_pagination", "association", "show_field"})
MAX_PAGE_SIZE = 200  # §2.2


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # regex of the path after the platform's root
    answer: str  # schema of the whole body: single / collection / unpaged / token / "" (not checked)
    item: str = ""  # schema of data (single) or of each item (collection, unpaged)
    query: frozenset = frozenset()
    query_patterns: tuple = ()  # regexes of further keys (additional-field filters)
    body: str = ""  # schema of a JSON (or form) body
    confirmed: bool = True  # False: the contract's suggested shape for an unconfirmed call


ID = r"/\d+"
CERT_USERS = r"/certification/v1/certifications" + ID + "/users"
UNCONFIRMED = {"confirmed": False}
OPERATIONS = (
    Operation("POST", r"/oauth2/token", "token", body="token_request"),
    Operation("GET", r"/manage/v1/user", "collection", "user_item", PAGED | SORTED | {"search_text", "match_type"}),
    Operation("GET", r"/manage/v1/user" + ID, "single", "user_detail"),
    Operation("GET", r"/learn/v1/courses", "collection", "course_item", PAGED | SORTED, (r"field_\d+",)),
    Operation("GET", r"/learn/v1/courses" + ID, "single", "course_detail"),
    Operation("PUT", r"/learn/v1/courses" + ID, "single", body="any_object", **UNCONFIRMED),
    Operation(
        "GET",
        r"/learn/v1/courses/field",
        "unpaged",
        "course_field",
        PAGED | {"no_pagination", "association", "show_field"},
    ),
    Operation("POST", r"/learn/v1/courses/field", "single", body="any_object", **UNCONFIRMED),
    Operation("PUT", r"/learn/v1/courses/field" + ID, "single", body="any_object", **UNCONFIRMED),
    Operation(
        "GET",
        r"/course/v1/courses/enrollments",
        "collection",
        "course_enrollment",
        PAGED | {"course_id[]", "user_id[]", "extra_fields[]"},
    ),
    Operation("GET", r"/learn/v1/lp", "collection", "learning_plan_item", PAGED | {"return_courses"}),
    Operation(
        "GET",
        r"/learningplan/v1/learningplans/enrollments",
        "collection",
        "learning_plan_enrollment",
        PAGED | {"learning_plan_id[]", "user_id[]", "extra_fields[]"},
    ),
    Operation("GET", r"/learn/v1/external_training", "collection", "any_object", PAGED | SORTED),
    # the user filter on the external-training list is the hub's guess (§3.6): the client checks its answer
    Operation(
        "GET", r"/learn/v1/external_training", "collection", "any_object", PAGED | SORTED | {"user_id[]"}, **UNCONFIRMED
    ),
    Operation("POST", r"/learn/v1/external_training", "single", body="any_object", **UNCONFIRMED),
    Operation("PUT", r"/learn/v1/external_training" + ID, "single", body="any_object", **UNCONFIRMED),
    Operation("DELETE", r"/learn/v1/external_training" + ID, "single", **UNCONFIRMED),
    Operation("GET", r"/learn/v1/certification", "collection", "certification_item", PAGED),
    Operation(
        "GET",
        r"/certification/v1/certifications/users",
        "collection",
        "any_object",
        PAGED | {"user_id[]", "id_cert[]"},
        **UNCONFIRMED,
    ),
    Operation("POST", CERT_USERS, "single", body="any_object", **UNCONFIRMED),
    Operation("PUT", CERT_USERS + ID, "single", body="any_object", **UNCONFIRMED),
    Operation("DELETE", CERT_USERS + ID, "single", **UNCONFIRMED),
)


def validate(schema: str, data) -> None:
    """Validate `data` against one definition of the Docebo schema; an AssertionError names it."""
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(top)"
        raise AssertionError(f"not Docebo's {schema}: at {where}: {errors[0].message}")


@functools.cache
def _validator(schema: str):
    document = {**SCHEMA, "$ref": f"#/$defs/{schema}"}
    return jsonschema.Draft202012Validator(document)


def _path(url: str) -> str:
    path = urlsplit(url).path
    for prefix in ("/sandbox/docebo",):  # the emulator's mount point; a tenant serves at its root
        path = path.removeprefix(prefix)
    return path.rstrip("/") or "/"


def operations_of(method: str, url: str) -> list[Operation]:
    path = _path(url)
    return [op for op in OPERATIONS if op.method == method and re.fullmatch(op.path, path)]


def check_request(method: str, url: str, body) -> Operation:
    """The operation a request is (query keys and body checked), or an AssertionError saying why not."""
    candidates = operations_of(method, url)
    assert candidates, f"{method} {_path(url)}: no operation in Docebo's contract"
    query = parse_qs(urlsplit(url).query)
    for op in candidates:  # the confirmed reading first: an unconfirmed twin only takes what it adds
        if all(k in op.query or any(re.fullmatch(p, k) for p in op.query_patterns) for k in query):
            _check_query(op, query)
            if op.body:
                _check_body(op, body)
            return op
    raise AssertionError(f"{method} {_path(url)}: query parameters {sorted(query)} are not in Docebo's contract")


def _check_query(op: Operation, query: dict) -> None:
    for key, values in query.items():
        if key.endswith("[]") and key != "extra_fields[]":
            assert all(v.isdigit() for v in values), f"{key} takes ids, not {values}"
        elif not key.endswith("[]"):
            assert len(values) == 1, f"{key} is sent {len(values)} times"
    if "page_size" in query:
        assert MAX_PAGE_SIZE >= int(query["page_size"][0]) >= 1, "page_size is 1 to 200"


def _check_body(op: Operation, body) -> None:
    text = body.decode() if isinstance(body, bytes) else (body or "")
    form = op.body == "token_request"  # the token request is a form (§1.2); the others are JSON
    validate(op.body, {k: v[0] for k, v in parse_qs(text).items()} if form else json.loads(text or "{}"))


def check_answer(op: Operation, status: int, content: bytes) -> None:
    """Validate what the emulator answered to a request of this operation."""
    data = json.loads(content or b"null")
    if status >= 400:
        if op.answer != "token":  # the token endpoint answers OAuth2's own error shape
            validate("error", data)
        return
    if not op.answer:
        return
    validate(op.answer, data)
    if op.answer in ("collection", "unpaged") and op.item:
        for item in data["data"]["items"]:
            validate(op.item, item)
    elif op.answer == "single" and op.item:
        validate(op.item, data["data"])


def check_delivery(body: dict) -> None:
    """A webhook the emulator posted: Docebo's envelope, and each item of the shape its event has."""
    validate("webhook", body)
    items = [body["payload"]] if "payload" in body else body["payloads"]
    item_schema = body["event"] if body["event"] in SCHEMA["$defs"] else "unconfirmed_event_item"
    for item in items:
        validate(item_schema, item)
