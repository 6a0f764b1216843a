"""Typed payloads: the fields flows rely on, and Docebo's quirks (string ids, zero dates)."""

from datetime import date, datetime

import pytest

from integrations.docebo import events
from integrations.docebo.payloads import CertificationChange, CourseCompletion, LearningPlanCompletion, parse_item
from integrations.webhooks import PayloadError
from tests.docebo.helpers import delivery


def test_course_completion_reads_dates_and_string_ids():
    item = delivery("course.enrollment.completed.grouped")["payloads"][1]
    parsed = CourseCompletion.from_payload(item)
    assert (parsed.user_id, parsed.course_id) == (13050, 415)
    assert parsed.completion_date == datetime(2024, 5, 1, 14, 59, 59)
    assert parsed.completed


def test_zero_completion_date_means_not_completed():
    item = {**delivery("course.enrollment.completed")["payload"], "completion_date": "0000-00-00 00:00:00"}
    parsed = CourseCompletion.from_payload(item)
    assert parsed.completion_date is None
    assert not parsed.completed


def test_username_that_is_not_an_email_gives_no_email():
    item = {**delivery("course.enrollment.completed")["payload"], "username": "jdoe"}
    assert CourseCompletion.from_payload(item).email == ""


def test_learning_plan_completion_accepts_id_path_spelling():
    item = {"user_id": 5, "id_path": 12, "username": "a@example.com", "completion_date": "2024-05-06 16:40:03"}
    assert LearningPlanCompletion.from_payload(item).learning_plan_id == 12


def test_certification_change_reads_issue_and_expiry_dates():
    parsed = parse_item(events.CERTIFICATION_UPDATED, delivery("certification.user.updated")["payload"])
    assert isinstance(parsed, CertificationChange)
    assert (parsed.issued_on, parsed.expires_on) == (date(2024, 6, 1), date(2026, 6, 1))
    assert parsed.certification_code == "CERT-CLOUD"


def test_item_without_user_id_is_a_payload_error():
    with pytest.raises(PayloadError, match="user_id"):
        CourseCompletion.from_payload({"course_id": 412})


def test_unknown_event_type_has_no_payload_type():
    with pytest.raises(LookupError):
        parse_item("course.deleted", {"course_id": 412})
