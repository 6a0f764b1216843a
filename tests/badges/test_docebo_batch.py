"""Batch Docebo -> Credly: every course's completions since BATCH_SYNC_START_DATE, read in bulk."""

import json
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from responses import matchers

from sync.models import Link, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, run_batch

pytestmark = pytest.mark.django_db


def templates_page(*, badges_count: int) -> dict:
    item = {
        "id": "tpl-cloud",
        "name": "Cloud Foundations Practitioner",
        "state": "active",
        "badges_count": badges_count,
    }
    return {"data": [item], "metadata": {"total_pages": 1, "current_page": 1, "next_page_url": None}}


def option_filter(element: str):
    return matchers.query_param_matcher({"field_7": element, "page": "1", "page_size": "200"})


@pytest.fixture
def docebo_tenant(http):
    # only the listing filtered by the badge field's option 31 is answered (no full course list), and the
    # detail of the one course it returns, whose own value is checked before it is mapped
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(
        responses.GET,
        f"{DOCEBO}/learn/v1/courses",
        json=load("docebo_courses_field_7_31.json"),
        match=[option_filter("31")],
    )
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/course/v1/courses/enrollments", json=load("docebo_course_412_enrollments.json"))
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_all.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    http.add(responses.GET, f"{CREDLY}/badge_templates", json=templates_page(badges_count=5))
    http.add_callback(
        responses.POST,
        f"{CREDLY}/badges",
        content_type="application/json",
        callback=lambda request: (201, {}, json.dumps({"data": {"id": str(uuid.uuid4())}})),
    )
    return http


def test_batch_issues_each_completion_since_the_start_date_reading_users_and_badges_once(
    docebo_tenant, templates, settings_row
):
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    run = run_batch("badges.docebo_to_credly")
    assert (run.status, run.created, run.failed) == ("succeeded", 3, 0)
    assert (run.progress_done, run.progress_total) == (1, 1)  # course 415 carries no badge: not even listed
    issued = [json.loads(c.request.body)["recipient_email"] for c in calls(docebo_tenant, "POST", r"/badges$")]
    assert issued == ["jane.doe@example.com", "li.wei@example.com", "ana.silva@example.com"]
    assert len(calls(docebo_tenant, "GET", r"/manage/v1/user")) == 1  # all users once, not one look-up each
    assert len(calls(docebo_tenant, "GET", r"/badges\?")) == 1  # the template's badges once
    assert len(calls(docebo_tenant, "GET", "enrollments")) == 1
    # Docebo: token, field, the courses with option 31, course 412 checked, enrollments, users;
    # Credly: templates, badges held, 3 issued
    assert run.checkpoint["api_calls"] == {"docebo": 6, "credly": 5}


def test_batch_learns_course_badges_with_one_listing_per_option_and_reads_only_the_first_course_listed(
    docebo_tenant, templates, settings_row
):
    from mappings.badges.models import BadgeTemplate

    BadgeTemplate.objects.create(
        credly_id="tpl-net", name="Secure Networking Specialist", state="active", dropdown_element_id="32"
    )
    BadgeTemplate.objects.create(
        credly_id="tpl-old", name="Retired", state="archived", is_active=False, dropdown_element_id="33"
    )
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    empty = {"data": {"items": [], "has_more_data": False, "current_page": 1, "total_page_count": 1}}
    docebo_tenant.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=empty, match=[option_filter("32")])
    # course 415 still has the archived template's option chosen (the field sync has not removed it yet)
    retired = {"data": {"items": [{"id_course": 415, "name": "Networking"}], "has_more_data": False}}
    docebo_tenant.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=retired, match=[option_filter("33")])
    course_415 = {"data": {"id_course": 415, "additional_fields": [{"id": 7, "type": "dropdown", "value": 33}]}}
    docebo_tenant.add(responses.GET, f"{DOCEBO}/learn/v1/courses/415", json=course_415)
    run = run_batch("badges.docebo_to_credly")
    assert (run.status, run.created) == ("succeeded", 3)
    listings = calls(docebo_tenant, "GET", r"/learn/v1/courses\?")
    assert sorted(parse_qs(urlparse(c.request.url).query)["field_7"][0] for c in listings) == ["31", "32", "33"]
    # the listings share no course (the filter holds): one course read checks them, the first listed
    assert [c.request.url.rsplit("/", 1)[1] for c in calls(docebo_tenant, "GET", r"/learn/v1/courses/\d+")] == ["412"]
    assert len(calls(docebo_tenant, "GET", "enrollments")) == 1  # only course 412 carries an active badge
    assert run.checkpoint["course_badges"] == {"412": "31", "415": "33"}
    # the batch says what it left out, as the webhook path does (it used to leave the course out silently)
    skipped = Record.objects.get(run=run, source_ref="course:415", action="read_course_badge")
    assert skipped.outcome == Outcome.SKIPPED and "'Retired' (option 33), an inactive badge template" in skipped.message


def test_batch_reads_no_badges_of_a_template_credly_never_issued(docebo_tenant, templates, settings_row):
    docebo_tenant.replace(responses.GET, f"{CREDLY}/badge_templates", json=templates_page(badges_count=0))
    run = run_batch("badges.docebo_to_credly")
    assert run.created == 3
    assert not calls(docebo_tenant, "GET", r"/badges\?")


def test_second_batch_with_nothing_new_writes_nothing_and_reads_no_learner(docebo_tenant, templates, settings_row):
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    run_batch("badges.docebo_to_credly")
    before = len(docebo_tenant.calls)
    again = run_batch("badges.docebo_to_credly")
    second = docebo_tenant.calls[before:]
    assert again.created == again.updated == again.failed == 0
    assert not [c for c in second if c.request.method != "GET"]
    assert not [c for c in second if "/manage/v1/user" in c.request.url or "credly" in c.request.url]
    assert Record.objects.filter(run=again, outcome=Outcome.UNCHANGED).count() == 3
    assert Link.objects.filter(object_type="badge").count() == 3


def test_batch_resumes_from_its_checkpoint(docebo_tenant, templates, settings_row, monkeypatch):
    """A slice that yields after each course saves where it got to; the next slice starts there."""
    from sync.services.context import RunContext

    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    monkeypatch.setattr(RunContext, "should_yield", lambda self: True)
    run = run_batch("badges.docebo_to_credly")
    assert run.created == 3
    # the first slice ends after checking course 412: the second lists again but does not read 412 again;
    # from then on the badged courses are in the checkpoint
    assert len(calls(docebo_tenant, "GET", r"/learn/v1/courses\?")) == 2
    assert len(calls(docebo_tenant, "GET", r"/learn/v1/courses/412")) == 1


def test_batch_without_the_badge_field_in_docebo_says_so_once_and_lists_no_course(
    docebo_tenant, templates, settings_row
):
    docebo_tenant.replace(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": []}})
    run = run_batch("badges.docebo_to_credly")
    assert (run.status, run.created, run.progress_total) == ("succeeded", 0, 0)
    skipped = Record.objects.get(run=run, action="read_course_badges")
    assert skipped.outcome == Outcome.SKIPPED and "does not exist yet" in skipped.message
    assert not calls(docebo_tenant, "GET", r"/learn/v1/courses\?")
