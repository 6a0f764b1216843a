"""The emulator's Webhooks app: what a learner's completion or a certification change sends the hub."""

import base64
import json
from datetime import date

import pytest
import responses

from integrations.docebo import events
from integrations.docebo.sandbox import EMULATOR, state
from integrations.docebo.sandbox.models import Certification, Course, LearningPlan, User, Webhook
from integrations.sandbox.models import SandboxDelivery

HUB = "http://hub.test/hooks/docebo-sandbox/"


@pytest.fixture
def platform(db):
    EMULATOR.seed()
    EMULATOR.register_hub(url=HUB, username="crosswalk-docebo", secret="pa55", slug="docebo-sandbox")


@pytest.fixture
def hub():
    with responses.RequestsMock() as mock:
        mock.post(HUB, status=202, json={"event_ids": [1]})
        yield mock


def _sent(hub) -> list[dict]:
    return [json.loads(call.request.body) for call in hub.calls]


def _learner(email: str) -> User:
    return User.objects.get(email=email)


def test_completion_sends_course_completed_with_basic_auth(platform, hub, django_capture_on_commit_callbacks):
    course = Course.objects.get(code="DAT-110")
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=[_learner("jane.doe@example.com")], course=course)
    (body,) = _sent(hub)
    assert body["event"] == events.COURSE_COMPLETED
    assert body["message_id"].startswith("wh-") and body["original_domain"] == "127.0.0.1"
    item = body["payload"]
    assert (item["user_id"], item["course_id"], item["status"]) == (
        _learner("jane.doe@example.com").pk,
        course.pk,
        "completed",
    )
    assert item["username"] == "jane.doe@example.com" and item["completion_date"]
    expected = "Basic " + base64.b64encode(b"crosswalk-docebo:pa55").decode()
    assert hub.calls[0].request.headers["Authorization"] == expected
    assert SandboxDelivery.objects.get().status_code == 202


def test_finishing_the_last_plan_course_also_sends_plan_completed(platform, hub, django_capture_on_commit_callbacks):
    jane, plan = _learner("jane.doe@example.com"), LearningPlan.objects.get(code="LP-CLOUD")
    first, last = plan.courses.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=[jane], course=first)
    assert [b["event"] for b in _sent(hub)] == [events.COURSE_COMPLETED]
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=[jane], course=last)
    sent = _sent(hub)
    assert [b["event"] for b in sent] == [events.COURSE_COMPLETED] * 2 + [events.LEARNING_PLAN_COMPLETED]
    assert (sent[-1]["payload"]["learning_plan_id"], sent[-1]["payload"]["user_id"]) == (plan.pk, jane.pk)


def test_completing_again_sends_nothing(platform, hub, django_capture_on_commit_callbacks):
    course, jane = Course.objects.get(code="DAT-110"), _learner("jane.doe@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=[jane], course=course)
        state.complete_course(users=[jane], course=course)
    assert len(hub.calls) == 1


def test_grouped_mode_sends_one_message_with_payloads(platform, hub, django_capture_on_commit_callbacks):
    Webhook.objects.update(group_payloads=True)
    course = Course.objects.get(code="CLD-101")
    learners = list(User.objects.filter(plan_enrollments__plan__code="LP-CLOUD"))
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=learners, course=course)
    (body,) = _sent(hub)
    assert "payload" not in body and body["fired_by_batch_action"] is True
    assert sorted(p["user_id"] for p in body["payloads"]) == sorted(u.pk for u in learners)


def test_no_webhook_until_the_hub_is_registered(db, django_capture_on_commit_callbacks):
    EMULATOR.seed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        state.complete_course(users=[_learner("li.wei@example.com")], course=Course.objects.get(code="CLD-101"))
    assert callbacks == [] and not SandboxDelivery.objects.exists()


def test_certification_award_update_revoke_and_expiry_each_send_their_event(
    platform, hub, django_capture_on_commit_callbacks
):
    cert, jane = Certification.objects.get(code="CERT-SEC"), _learner("jane.doe@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        state.award(certification=cert, user=jane, issued_on=date(2024, 5, 1), expire_on=None)
        state.award_update(certification=cert, user=jane, issued_on=date(2024, 5, 2), expire_on=date(2025, 5, 2))
        state.award_expire(certification=cert, user=jane)
        state.award_revoke(certification=cert, user=jane)
    sent = _sent(hub)
    assert [b["event"] for b in sent] == [
        events.CERTIFICATION_ASSIGNED,
        events.CERTIFICATION_UPDATED,
        events.CERTIFICATION_EXPIRED,
        events.CERTIFICATION_UNASSIGNED,
    ]
    assert sent[1]["payload"]["expire_on"] == "2025-05-02"
    assert {b["payload"]["certification_code"] for b in sent} == {"CERT-SEC"}


def test_page_action_marks_every_enrolled_learner_completed(platform, client, hub, django_capture_on_commit_callbacks):
    course = Course.objects.get(code="NET-210")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/sandbox/docebo/_actions/complete-course/", {"learner": "everyone", "course": str(course.pk)}
        )
    assert response.status_code == 302
    assert len(hub.calls) == course.enrollments.count() == 3


def test_sections_show_users_courses_plans_enrollments_training_and_awards(platform):
    sections = {s.title: s for s in EMULATOR.sections()}
    assert list(sections) == [
        "API limit",
        "Users",
        "Courses",
        "Learning plans",
        "Enrollments",
        "External training",
        "Certification awards",
    ]
    assert sections["API limit"].rows == [["no limit"]]
    assert len(sections["Users"].rows) == 5 and len(sections["Learning plans"].rows) == 2


def test_grouped_mode_splits_more_than_25_items_into_several_messages(
    platform, hub, django_capture_on_commit_callbacks
):
    Webhook.objects.update(group_payloads=True)
    learners = [state.user_create(email=f"learner{i}@example.com") for i in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        state.complete_course(users=learners, course=Course.objects.get(code="DAT-110"))
    assert [len(b["payloads"]) for b in _sent(hub)] == [25, 5]
    assert len({b["message_id"] for b in _sent(hub)}) == 2


def test_page_action_sets_and_resets_a_course_badge_option(platform, client):
    from integrations.docebo.sandbox.models import CourseField, CourseFieldOption, CourseFieldValue

    field = CourseField.objects.get(name="Credly badge")
    option = CourseFieldOption.objects.create(field=field, label="Cloud Practitioner")
    course = Course.objects.get(code="CLD-101")
    client.post("/sandbox/docebo/_actions/set-badge/", {"course": course.pk, "option": f"{field.pk}:{option.pk}"})
    assert CourseFieldValue.objects.get(course=course, field=field).option == option
    client.post("/sandbox/docebo/_actions/set-badge/", {"course": course.pk, "option": ""})
    assert CourseFieldValue.objects.get(course=course, field=field).option is None
