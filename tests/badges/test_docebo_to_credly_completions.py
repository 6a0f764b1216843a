"""Docebo -> Credly on course completions: the badge chosen in the course field, learning-plan badges,
no double issue, refusals and skips recorded, the master setting, grouped deliveries."""

from datetime import timedelta

import pytest
import responses
from django.utils import timezone

from integrations.docebo.events import COURSE_COMPLETED
from sync.models import EventStatus, Link, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver, load, mapping
from tests.badges.docebo_api import serve_enrollments

pytestmark = pytest.mark.django_db


@pytest.fixture
def docebo_reads(http):
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/lp", json=load("docebo_learning_plans.json"))
    serve_enrollments(http, plan={(13021, 12): ("completed", "2026-11-20 16:40:03")})
    return http


def test_course_completion_issues_the_badge_chosen_in_the_course_field(
    docebo_reads, connections, templates, settings_row
):
    settings_row(CREDLY_DEFAULT_EXPIRATION_DAYS="365", EVIDENCE_TITLE="Docebo completion")
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.SUCCEEDED
    [post] = calls(docebo_reads, "POST", r"/badges$")
    sent = body(post)
    assert sent["badge_template_id"] == "tpl-cloud" and sent["recipient_email"] == "jane.doe@example.com"
    assert sent["issued_to_first_name"] == "Jane" and sent["issuer_earner_id"] == "crosswalk-docebo-13021"
    assert sent["issued_at"].startswith("2026-11-20 14:28:51")
    assert sent["expires_at"].startswith((timezone.localdate() + timedelta(days=365)).isoformat())
    assert sent["evidence"][0]["title"] == "Docebo completion"
    assert "Docebo -> Credly" in sent["evidence"][0]["description"]
    link = Link.objects.get(object_type="badge", target_id="badge-new")
    assert (link.origin, link.source_id) == ("docebo", "13021:course:412:tpl-cloud")


def test_badge_without_default_expiry_days_is_issued_without_expiry(docebo_reads, connections, templates, settings_row):
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert "expires_at" not in body(calls(docebo_reads, "POST", r"/badges$")[0])


def test_repeated_completion_does_not_issue_twice(docebo_reads, connections, templates, settings_row):
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"), key="m1")
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"), key="m2")
    assert len(calls(docebo_reads, "POST", r"/badges$")) == 1
    assert Record.objects.filter(action="issue_badge", outcome=Outcome.UNCHANGED).count() == 1


def test_badge_the_learner_already_holds_in_credly_is_not_issued(docebo_reads, connections, templates, settings_row):
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_held.json"))
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert not calls(docebo_reads, "POST", r"/badges$")
    assert Link.objects.get(object_type="badge").target_id == "badge-held"


def test_completing_the_last_course_of_a_mapped_plan_issues_the_plan_badge(
    docebo_reads, connections, templates, settings_row
):
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", learning_plan_id="12")
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json={"data": {"id": "badge-path"}}, status=201)
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    issued = [body(c)["badge_template_id"] for c in calls(docebo_reads, "POST", r"/badges$")]
    assert issued == ["tpl-cloud", "tpl-path"]
    [lp_call] = calls(docebo_reads, "GET", "learningplans/enrollments")
    assert "learning_plan_id%5B%5D=12" in lp_call.request.url and "14" not in lp_call.request.url.split("?")[1]


def test_plan_mapping_pointing_at_a_deleted_template_is_recorded_as_a_failure(
    docebo_reads, connections, templates, settings_row
):
    mapping(badge_template_id="tpl-gone", badge_template_name="Old badge", learning_plan_id="12")
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    failed = Record.objects.get(outcome=Outcome.FAILED)
    assert "Old badge" in failed.message and "deleted or inactive" in failed.message


def test_master_set_to_credly_stops_docebo_events_with_the_reason(http, connections, templates, settings_row):
    settings_row(CREDLY_INTEGRATION_MASTER="credly")
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.IGNORED
    assert "CREDLY_INTEGRATION_MASTER is 'credly'" in event.last_error
    assert not calls(http, "POST", "badges")


def test_api_refusal_is_recorded_per_learner_and_emailed(docebo_reads, connections, templates, settings_row):
    from sync.models import Notification

    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(
        responses.POST,
        f"{CREDLY}/badges",
        status=422,
        json={"data": {"message": "Validation failed: template is archived"}},
    )
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    failed = Record.objects.get(outcome=Outcome.FAILED)
    assert "template is archived" in failed.message
    assert Notification.objects.filter(recipient="lms-admin@example.com", line__contains="archived").exists()


def test_grouped_docebo_delivery_issues_a_badge_per_learner(
    docebo_reads, make_connection, templates, settings_row, django_capture_on_commit_callbacks, client
):
    """One POST carrying two completions (Docebo's 'group payloads'), through the real webhook view."""
    import json as jsonlib

    from tests.conftest import basic_auth

    conn, user, secret = make_connection(
        "docebo", slug="docebo-grouped", base_url=DOCEBO, credentials={"client_id": "cid", "client_secret": "secret"}
    )
    docebo_reads.add(
        responses.GET,
        f"{DOCEBO}/manage/v1/user/13044",
        json={
            "data": {
                "user_data": {"user_id": "13044", "first_name": "Li", "last_name": "Wei", "email": "li.wei@example.com"}
            }
        },
    )
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    first = load("course.enrollment.completed.json")
    second = {**first, "user_id": 13044, "username": "li.wei@example.com"}
    delivery = {
        "webhook_id": 4,
        "original_domain": "docebo.test",
        "event": COURSE_COMPLETED,
        "fired_by_batch_action": True,
        "message_id": "wh-20261120-142852-grouped",
        "payloads": [first, second],
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/hooks/{conn.slug}/",
            data=jsonlib.dumps(delivery),
            content_type="application/json",
            HTTP_AUTHORIZATION=basic_auth(user, secret),
        )
    assert answer.status_code == 202, answer.content
    sent = [body(c)["recipient_email"] for c in calls(docebo_reads, "POST", r"/badges$")]
    assert sorted(sent) == ["jane.doe@example.com", "li.wei@example.com"]


def test_completion_of_a_course_with_no_badge_says_why_nothing_was_issued(http, connections, templates, settings_row):
    course = load("docebo_course_412.json")
    course["data"]["additional_fields"][0]["value"] = None
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=course)
    serve_enrollments(http)
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.SUCCEEDED
    assert not calls(http, "POST", r"/badges$")
    skip = Record.objects.get(action="issue_badge", outcome=Outcome.SKIPPED)
    assert "no badge chosen" in skip.message


def test_one_event_reads_the_badge_settings_once_in_its_handler(docebo_reads, connections, templates, settings_row):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    with CaptureQueriesContext(db) as queries:
        event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.SUCCEEDED
    reads = [q for q in queries.captured_queries if "badges_integrationsetting" in q["sql"]]
    assert len(reads) == 2  # the flow's guard (once per batch of events), then the handler's (once per event)


def test_settings_pinned_serve_one_reading_within_the_block(settings_row):
    from mappings.badges.conf import badge_settings, settings_pinned

    settings_row(EVIDENCE_TITLE="first")
    with settings_pinned():
        assert badge_settings().evidence_title == "first"
        settings_row(EVIDENCE_TITLE="second")
        assert badge_settings().evidence_title == "first"
    assert badge_settings().evidence_title == "second"


@pytest.mark.parametrize(("window", "later", "reads"), [(30, 0, 1), (30, 31, 2), (0, 0, 2)])
def test_the_course_badge_choice_is_read_once_per_window_and_the_completion_every_time(
    docebo_reads, connections, templates, settings_row, monkeypatch, window, later, reads
):
    import time_machine

    from sync.flows.badges import docebo_field

    monkeypatch.setattr(docebo_field, "COURSE_CHOICE_CACHE_SECONDS", window)
    docebo_reads.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"), key="m1")
    with time_machine.travel(timezone.now() + timedelta(seconds=later)):
        deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"), key="m2")
    assert len(calls(docebo_reads, "GET", r"/learn/v1/courses/412$")) == reads
    assert len(calls(docebo_reads, "GET", r"/course/v1/courses/enrollments")) == 2  # the hint is always checked
