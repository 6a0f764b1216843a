"""A Docebo webhook is a hint: where its body and Docebo's API disagree, the API wins (issue 9)."""

import pytest
import responses

from integrations.docebo.events import CERTIFICATION_ASSIGNED, COURSE_COMPLETED, LEARNING_PLAN_COMPLETED
from sync.models import EventStatus, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver, load, mapping
from tests.badges.docebo_api import listing_body, serve_enrollments

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(http, templates, settings_row):
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/lp", json=load("docebo_learning_plans.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    http.add(responses.POST, f"{CREDLY}/badges", json=load("credly_badge_issued.json"), status=201)
    return http


def issued(http) -> list[dict]:
    return [body(c) for c in calls(http, "POST", r"/badges$")]


@pytest.mark.parametrize(
    ("status", "said"), [("in_progress", "status 'in_progress'"), (None, "no enrollment")], ids=["not-done", "none"]
)
def test_completion_webhook_docebo_does_not_hold_issues_no_badge(tenant, connections, status, said):
    serve_enrollments(tenant, course={(13021, 412): (status, None)})
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.SUCCEEDED
    assert not issued(tenant)
    skip = Record.objects.get(action="issue_badge", outcome=Outcome.SKIPPED)
    assert said in skip.message and "nothing issued" in skip.message
    assert not calls(tenant, "GET", r"/manage/v1/user/")  # nothing read past the enrollment


def test_badge_carries_docebos_completion_date_not_the_bodys(tenant, connections):
    serve_enrollments(tenant, course={(13021, 412): ("completed", "2026-11-18 09:00:00")})
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))  # says 2026-11-20
    [sent] = issued(tenant)
    assert sent["issued_at"].startswith("2026-11-18 09:00:00")


def test_plan_completion_webhook_for_a_plan_in_progress_issues_no_badge(tenant, connections):
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", learning_plan_id="12")
    serve_enrollments(tenant, plan={(13021, 12): ("in_progress", None)})
    item = {"user_id": 13021, "learning_plan_id": 12, "completion_date": "2026-11-20 16:40:03"}
    deliver(connections[1], LEARNING_PLAN_COMPLETED, item)
    assert not issued(tenant)
    assert "status 'in_progress'" in Record.objects.get(action="issue_badge").message


def test_plan_completion_webhook_confirmed_by_docebo_issues_the_plan_badge(tenant, connections):
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", learning_plan_id="12")
    serve_enrollments(tenant, plan={(13021, 12): ("completed", "2026-11-19 08:00:00")})
    deliver(connections[1], LEARNING_PLAN_COMPLETED, {"user_id": 13021, "learning_plan_id": 12})
    [sent] = issued(tenant)
    assert sent["badge_template_id"] == "tpl-path" and sent["issued_at"].startswith("2026-11-19")


def test_other_learners_plan_completions_lend_this_learner_nothing(tenant, connections):
    """A tenant ignoring user_id[] on plan enrollments answers everyone's: only the learner's own count."""
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", learning_plan_id="12")
    serve_enrollments(tenant)  # the course: completed
    everyone = [
        {"user_id": 13044, "learning_plan_id": 12, "enrollment_status": "completed",
         "enrollment_completion_date": "2026-11-02 10:00:00"},
        {"user_id": 13021, "learning_plan_id": 12, "enrollment_status": "in_progress",
         "enrollment_completion_date": None},
    ]  # fmt: skip
    tenant.replace(
        responses.GET,
        f"{DOCEBO}/learningplan/v1/learningplans/enrollments",
        body=listing_body(everyone),
        content_type="application/json",
    )
    deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert [b["badge_template_id"] for b in issued(tenant)] == ["tpl-cloud"]  # the course's badge only


def test_certification_mapping_follows_the_code_docebo_lists_not_the_bodys(tenant, connections):
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", certification_code="CERT-OTHER")
    mapping(certification_code="CERT-CLOUD")  # tpl-cloud
    tenant.add(responses.GET, f"{DOCEBO}/learn/v1/certification", json=load("docebo_certifications.json"))
    tenant.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_cert3.json"))
    item = {**load("certification.user.assigned.json"), "certification_code": "CERT-OTHER"}  # cert 3 is CERT-CLOUD
    deliver(connections[1], CERTIFICATION_ASSIGNED, item)
    assert [b["badge_template_id"] for b in issued(tenant)] == ["tpl-cloud"]
