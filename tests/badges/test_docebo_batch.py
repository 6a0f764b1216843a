"""Batch Docebo -> Credly: every course's completions since BATCH_SYNC_START_DATE, read in bulk."""

import json
import uuid

import pytest
import responses

from sync.models import Link, Outcome, SyncRecord
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


@pytest.fixture
def docebo_tenant(http):
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=load("docebo_courses.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/415", json={"data": {"id_course": 415}})
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
    assert (run.progress_done, run.progress_total) == (2, 2)
    issued = [json.loads(c.request.body)["recipient_email"] for c in calls(docebo_tenant, "POST", r"/badges$")]
    assert issued == ["jane.doe@example.com", "li.wei@example.com", "ana.silva@example.com"]
    assert len(calls(docebo_tenant, "GET", r"/manage/v1/user")) == 1  # all users once, not one look-up each
    assert len(calls(docebo_tenant, "GET", r"/badges\?")) == 1  # the template's badges once
    # course 415 has no badge chosen and no mapped plan: its enrollments are not even read
    assert len(calls(docebo_tenant, "GET", "enrollments")) == 1
    # Docebo: token, courses, field, 2 course details, enrollments, users; Credly: templates, badges held, 3 issued
    assert run.checkpoint["api_calls"] == {"docebo": 7, "credly": 5}


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
    assert SyncRecord.objects.filter(run=again, outcome=Outcome.UNCHANGED).count() == 3
    assert Link.objects.filter(object_type="badge").count() == 3


def test_batch_resumes_from_its_checkpoint(docebo_tenant, templates, settings_row, monkeypatch):
    """A slice that yields after each course saves where it got to; the next slice starts there."""
    from sync.services.context import RunContext

    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    monkeypatch.setattr(RunContext, "should_yield", lambda self: True)
    run = run_batch("badges.docebo_to_credly")
    assert run.created == 3
    assert len(calls(docebo_tenant, "GET", r"/learn/v1/courses\?")) == 1  # the course list is in the checkpoint
