"""Docebo enrollment reads for the badge tests: the fresh read a webhook handler makes (a webhook is
a hint), answered from a table of (user, course or plan) -> status and completion date."""

import json
from urllib.parse import parse_qs, urlparse

import responses

from tests.badges.conftest import DOCEBO

COMPLETED_AT = "2026-11-20 14:28:51"  # the completion the sample webhooks name


def listing_body(items: list[dict]) -> str:
    data = {"items": items, "count": len(items), "has_more_data": False, "current_page": 1, "total_page_count": 1}
    return json.dumps({"data": data})


def serve_enrollments(http, course: dict | None = None, plan: dict | None = None) -> None:
    """Answer course and learning-plan enrollment reads from `{(user id, object id): (status, date)}`;
    an enrollment not in the table is completed at COMPLETED_AT (what the sample webhooks say)."""

    def items(request, key: str, table: dict) -> list[dict]:
        query = parse_qs(urlparse(request.url).query)
        users = [int(u) for u in query.get("user_id[]", [])]
        objects = [int(o) for o in query.get(f"{key}[]", [])]
        out = []
        for user in users:
            for obj in objects:
                status, done = table.get((user, obj), ("completed", COMPLETED_AT))
                if status is not None:
                    out.append({"user_id": user, key: obj, "enrollment_status": status,
                                "enrollment_completion_date": done})  # fmt: skip
        return out

    http.add_callback(
        responses.GET,
        f"{DOCEBO}/course/v1/courses/enrollments",
        callback=lambda r: (200, {}, listing_body(items(r, "course_id", course or {}))),
        content_type="application/json",
    )
    http.add_callback(
        responses.GET,
        f"{DOCEBO}/learningplan/v1/learningplans/enrollments",
        callback=lambda r: (200, {}, listing_body(items(r, "learning_plan_id", plan or {}))),
        content_type="application/json",
    )
