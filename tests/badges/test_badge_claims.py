"""Issuing a badge claims its link first: a batch and a webhook (or two Run nows) reaching the same
learner and badge issue it once, and a retry after a timeout asks Credly before issuing again."""

import pytest
import requests
import responses
import time_machine
from django.utils import timezone

from integrations.docebo.events import COURSE_COMPLETED
from sync.models import EventStatus, Link, Record
from sync.services.links import link_claim
from sync.services.processing import event_process
from tests.badges.conftest import CREDLY, DOCEBO, calls, deliver, load
from tests.badges.docebo_api import serve_enrollments

pytestmark = pytest.mark.django_db
PAIR = "13021:course:412:tpl-cloud"


@pytest.fixture
def docebo_reads(http):
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/lp", json=load("docebo_learning_plans.json"))
    serve_enrollments(http, plan={(13021, 12): ("completed", "2026-11-20 16:40:03")})
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    return http


def test_a_webhook_leaves_the_badge_to_the_batch_that_claimed_it(docebo_reads, connections, templates, settings_row):
    claim_key = {"object_type": "badge", "source_system": "docebo", "source_id": PAIR, "target_system": "credly"}
    link_claim(flow_key="badges.docebo_batch", origin="docebo", owner="run:9", **claim_key)
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.SUCCEEDED
    assert calls(docebo_reads, "POST", r"/badges$") == []
    assert Record.objects.filter(source_ref=PAIR, message__contains="left to another writer").exists()


def test_after_a_timeout_the_retry_finds_the_badge_in_credly_and_does_not_issue_again(
    docebo_reads, connections, templates, settings_row
):
    docebo_reads.add(responses.POST, f"{CREDLY}/badges", body=requests.exceptions.ReadTimeout("no answer"))
    event = deliver(connections[1], COURSE_COMPLETED, load("course.enrollment.completed.json"))
    assert event.status == EventStatus.RETRYING
    assert Link.objects.get(source_id=PAIR).state == "pending"
    posts = len(calls(docebo_reads, "POST", r"/badges$"))
    # The call did reach Credly: the badge is there now.
    docebo_reads.replace(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_held.json"))
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1)):
        event_process(event_id=event.pk)
    assert len(calls(docebo_reads, "POST", r"/badges$")) == posts
    link = Link.objects.get(source_id=PAIR)
    assert (link.state, link.target_id) == ("linked", "badge-held")
