"""Batch Docebo -> Credly when the tenant ignores `field_<id>=<option>` on /learn/v1/courses (issue 9,
point 5): each course is mapped by its own value, never by the listing's word."""

import json
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from responses import matchers

from mappings.badges.models import BadgeTemplate
from sync.models import Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, run_batch

pytestmark = pytest.mark.django_db

COURSES = [
    {"id_course": 412, "name": "Cloud Foundations", "code": "CLD-101", "course_type": "elearning"},
    {"id_course": 415, "name": "Secure Networking Lab", "code": "NET-210", "course_type": "classroom"},
    {"id_course": 420, "name": "Onboarding", "code": "ONB-100", "course_type": "elearning"},
]
CHOSEN = {412: 31, 415: 32, 420: None}  # each course's own option in the badge field (7)
LEARNERS = {412: (13021, 13044), 415: (13050,), 420: (13060,)}


def listing(items) -> dict:
    return {"data": {"items": items, "has_more_data": False, "current_page": 1, "total_page_count": 1}}


def detail(course_id: int) -> dict:
    fields = [{"id": 7, "name": "Credly badge", "type": "dropdown", "value": CHOSEN[course_id]}]
    return {"data": {"id_course": course_id, "additional_fields": fields if CHOSEN[course_id] else []}}


def enrollments(request):
    """Every course asked for in `course_id[]`, in one listing (several courses per call)."""
    asked = [int(c) for c in parse_qs(urlparse(request.url).query)["course_id[]"]]
    items = [
        {"user_id": u, "course_id": course_id, "enrollment_status": "completed",
         "enrollment_completion_date": "2026-11-01 10:00:00"}
        for course_id in asked for u in LEARNERS[course_id]
    ]  # fmt: skip
    return 200, {}, json.dumps(listing(items))


@pytest.fixture
def tenant(http, templates, settings_row):
    BadgeTemplate.objects.create(
        credly_id="tpl-net", name="Secure Networking Specialist", state="active", dropdown_element_id="32"
    )
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    for course_id in CHOSEN:
        http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/{course_id}", json=detail(course_id))
    http.add_callback(
        responses.GET, f"{DOCEBO}/course/v1/courses/enrollments", callback=enrollments, content_type="application/json"
    )
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_all.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    http.add(responses.GET, f"{CREDLY}/badge_templates", json={"data": [], "metadata": {"total_pages": 1}})
    http.add_callback(
        responses.POST,
        f"{CREDLY}/badges",
        content_type="application/json",
        callback=lambda request: (201, {}, json.dumps({"data": {"id": str(uuid.uuid4())}})),
    )
    return http


def issued(http) -> set[tuple[str, str]]:
    sent = [json.loads(c.request.body) for c in calls(http, "POST", r"/badges$")]
    return {(b["recipient_email"], b["badge_template_id"]) for b in sent}


RIGHT_BADGES = {
    ("jane.doe@example.com", "tpl-cloud"),
    ("li.wei@example.com", "tpl-cloud"),
    ("ana.silva@example.com", "tpl-net"),
}


def test_tenant_ignoring_the_course_filter_still_gets_each_course_its_own_badge(tenant):
    # every listing answers every course, whatever option it was asked for
    tenant.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=listing(COURSES))
    run = run_batch("badges.docebo_to_credly")
    assert run.status == "succeeded", run.message
    assert issued(tenant) == RIGHT_BADGES
    assert run.checkpoint["course_badges"] == {"412": "31", "415": "32"}
    assert run.checkpoint["course_filter"] == "ignored"
    note = Record.objects.get(run=run, action="read_course_badges")
    assert note.outcome == Outcome.SKIPPED and "ignored the course filter" in note.message
    # each course read once, however many listings named it; the course with no badge has no enrollment read
    for course_id in CHOSEN:
        assert len(calls(tenant, "GET", rf"/learn/v1/courses/{course_id}$")) == 1
    # the two courses with a badge in one enrollment listing; the course with none is not asked for
    (listing_call,) = calls(tenant, "GET", r"/course/v1/courses/enrollments")
    assert parse_qs(urlparse(listing_call.request.url).query)["course_id[]"] == ["412", "415"]


def honour_the_filter(tenant) -> None:
    """Each option's listing answers only the course that has it chosen."""
    for option, course_id in ((31, 412), (32, 415)):
        tenant.add(
            responses.GET,
            f"{DOCEBO}/learn/v1/courses",
            json=listing([c for c in COURSES if c["id_course"] == course_id]),
            match=[matchers.query_param_matcher({"field_7": str(option)}, strict_match=False)],
        )


def test_tenant_honouring_the_course_filter_is_mapped_from_its_listings(tenant):
    honour_the_filter(tenant)
    run = run_batch("badges.docebo_to_credly")
    assert issued(tenant) == RIGHT_BADGES
    assert "course_filter" not in run.checkpoint
    assert not calls(tenant, "GET", r"/learn/v1/courses/420$")  # listed by no option: never read
    assert not Record.objects.filter(run=run, action="read_course_badges").exists()


def test_listing_that_carries_the_field_needs_no_course_read(tenant):
    carried = [{**c, "field_7": CHOSEN[c["id_course"]] or ""} for c in COURSES]
    tenant.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=listing(carried))  # the filter ignored too
    run = run_batch("badges.docebo_to_credly")
    assert issued(tenant) == RIGHT_BADGES
    assert run.checkpoint["course_filter"] == "ignored"
    assert not calls(tenant, "GET", r"/learn/v1/courses/\d+$")


def test_enrollments_are_read_a_window_of_courses_at_a_time(tenant, monkeypatch):
    from sync.flows.badges import docebo_completions

    monkeypatch.setattr(docebo_completions, "IDS_PER_CALL", 1)  # a window of one course
    honour_the_filter(tenant)
    run_batch("badges.docebo_to_credly")
    assert issued(tenant) == RIGHT_BADGES
    asked = [parse_qs(urlparse(c.request.url).query)["course_id[]"] for c in calls(tenant, "GET", r"enrollments")]
    assert asked == [["412"], ["415"]]
