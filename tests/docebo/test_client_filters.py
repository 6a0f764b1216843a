"""DoceboClient where a tenant ignores a listing filter: every item is checked against what was asked,
and a listing that turns out to cover the whole platform is not followed (1,000 calls an hour, §5)."""

import pytest
import responses

from integrations.docebo.client import FilterIgnored
from tests.docebo.helpers import api
from tests.docebo.test_client import BASE, TOKEN_URL, _client

ENROLLMENTS = f"{BASE}/course/v1/courses/enrollments"


def page(items: list[dict], *, more: bool) -> dict:
    data = {"items": items, "has_more_data": more, "current_page": 1, "total_page_count": 9 if more else 1}
    return {"data": data}


@pytest.fixture
def client():
    responses.post(TOKEN_URL, json=api("token"))
    return _client()


def _listing_calls() -> list:
    return [c for c in responses.calls if "oauth2" not in c.request.url]


@responses.activate
def test_course_enrollments_of_other_courses_stop_the_listing_on_its_first_page(client):
    other = {"user_id": 1, "course_id": 999, "enrollment_status": "completed"}
    responses.get(ENROLLMENTS, json=page([other], more=True))
    with pytest.raises(FilterIgnored, match="ignores that filter"):
        list(client.iter_course_enrollments(course_ids=[412]))
    assert len(_listing_calls()) == 1


@responses.activate
def test_one_learners_enrollment_is_found_among_the_courses_other_learners(client):
    others = [{"user_id": u, "course_id": 412, "enrollment_status": "completed"} for u in (1, 2)]
    mine = {"user_id": "13021", "course_id": 412, "enrollment_status": "in_progress"}
    responses.get(ENROLLMENTS, json=page([*others, mine], more=False))  # user_id[] ignored, course_id[] honoured
    assert client.course_enrollment(course_id=412, user_id=13021) == mine
    assert client.course_enrollment(course_id=412, user_id=77) is None


@responses.activate
def test_plan_enrollments_of_other_plans_stop_the_listing(client):
    url = f"{BASE}/learningplan/v1/learningplans/enrollments"
    responses.get(url, json=page([{"user_id": 13021, "learning_plan_id": 5}], more=True))
    with pytest.raises(FilterIgnored):
        client.learning_plan_enrollment(learning_plan_id=12, user_id=13021)
    assert len(_listing_calls()) == 1
