"""The admin shows failures in words (an Error column, the technical detail one click away) and a
Retry now button per waiting or dead event and per failed record: a POST with the page's CSRF token
and the replay permission, which queues the retry through the same services as Replay."""

import datetime
import re
from html import escape

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from sync.models import EventStatus, InboundEvent, Outcome, Record, Run, RunStatus, Trigger
from sync.services.runs import flow_row

pytestmark = pytest.mark.django_db

SENTENCE = "Credly answered 500 (a fault on Credly's side); trying again at 19:40 (try 3 of 6)"
DETAIL = "integrations.client.errors.TransientError: POST /badges: HTTP 500 internal\ncall: POST /badges\nstatus: 500"


def editor() -> Client:
    """A Mapping editor (replay permission), with CSRF checks on as in a browser."""
    user = User.objects.create_user("editor", password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name="Mapping editors"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def viewer() -> Client:
    """Staff who may read events and records but not replay them."""
    user = User.objects.create_user("viewer", password="pw-123456789", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_inboundevent", "view_record", "view_run"]))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]


@pytest.fixture
def waiting(make_connection):
    return InboundEvent.objects.create(
        connection=make_connection("docebo")[0],
        event_type="test.event",
        dedupe_key="k1",
        payload={},
        status=EventStatus.RETRYING,
        attempts=2,
        next_attempt_at=datetime.datetime(2026, 11, 30, 19, 40, tzinfo=datetime.UTC),
        last_error=SENTENCE,
        error_detail=DETAIL,
    )


@pytest.fixture
def failed_record(flow):
    run = Run.objects.create(flow=flow_row("test.flow"), trigger=Trigger.MANUAL, status=RunStatus.FAILED, failed=1)
    return Record.objects.create(
        run=run,
        source_ref="item-3",
        action="copy",
        outcome=Outcome.FAILED,
        message="Credly refused the data (422): “template is archived”: correct what it names, then replay",
        error_detail="status: 422",
        payload={"i": 3},
    )


@time_machine.travel(datetime.datetime(2026, 11, 30, 19, 31, tzinfo=datetime.UTC), tick=False)
def test_events_list_shows_the_error_in_words_the_next_try_and_a_retry_button(waiting):
    page = editor().get("/admin/sync/inboundevent/").content.decode()
    assert "Waiting to retry<br><small>try 3 of 6 at 19:40</small>" in page
    assert "<span title='Credly answered 500" in page and "Credly answered 500 (a fault on Credly" in page
    assert f"formaction='/admin/sync/inboundevent/{waiting.pk}/retry/'" in page
    assert "HTTP 500" not in page  # the technical detail is on the event's page, not in the list


def test_the_technical_detail_is_one_click_away_on_the_page(waiting):
    page = editor().get(f"/admin/sync/inboundevent/{waiting.pk}/change/").content.decode()
    assert escape(SENTENCE) in page
    assert "<details><summary>Show the technical detail</summary>" in page and "call: POST /badges" in page
    assert f"formaction='/admin/sync/inboundevent/{waiting.pk}/retry/'" in page


def test_retry_now_queues_the_event_at_once_and_goes_back_to_the_list(waiting, django_capture_on_commit_callbacks):
    client = editor()
    listing = client.get("/admin/sync/inboundevent/?status__exact=retrying")
    with django_capture_on_commit_callbacks() as queued:
        answer = client.post(
            f"/admin/sync/inboundevent/{waiting.pk}/retry/",
            {"csrfmiddlewaretoken": token(listing)},
            HTTP_REFERER="http://testserver/admin/sync/inboundevent/?status__exact=retrying",
        )
    assert answer.status_code == 302 and answer["Location"].endswith("?status__exact=retrying")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (EventStatus.RECEIVED, 0) and len(queued) == 1
    assert "queued again" in client.get(answer["Location"]).content.decode()


def test_retry_now_needs_a_post_with_the_csrf_token_and_the_replay_permission(waiting):
    client = editor()
    url = f"/admin/sync/inboundevent/{waiting.pk}/retry/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    reader = viewer()
    listing = reader.get("/admin/sync/inboundevent/")
    assert "Retry now" not in listing.content.decode()
    assert reader.post(url, {"csrfmiddlewaretoken": token(listing)}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == EventStatus.RETRYING


def test_an_event_that_succeeded_has_nothing_to_retry(waiting):
    InboundEvent.objects.filter(pk=waiting.pk).update(status=EventStatus.SUCCEEDED)
    client = editor()
    listing = client.get("/admin/sync/inboundevent/")
    assert "Retry now" not in listing.content.decode()
    client.post(f"/admin/sync/inboundevent/{waiting.pk}/retry/", {"csrfmiddlewaretoken": token(listing)})
    waiting.refresh_from_db()
    assert waiting.status == EventStatus.SUCCEEDED


def test_retry_now_on_a_failed_record_queues_a_replay_run(failed_record, django_capture_on_commit_callbacks):
    client = editor()
    listing = client.get("/admin/sync/record/")
    assert f"formaction='/admin/sync/record/{failed_record.pk}/retry/'" in listing.content.decode()
    run_page = client.get(f"/admin/sync/run/{failed_record.run_id}/change/").content.decode()
    assert f"formaction='/admin/sync/record/{failed_record.pk}/retry/'" in run_page  # on the run's records too
    with django_capture_on_commit_callbacks() as queued:
        answer = client.post(
            f"/admin/sync/record/{failed_record.pk}/retry/", {"csrfmiddlewaretoken": token(listing)}, follow=True
        )
    replay = Run.objects.get(trigger=Trigger.REPLAY)
    assert replay.params == {"records": [failed_record.pk]} and len(queued) == 1
    assert f"queued in replay run #{replay.pk}" in answer.content.decode()


def test_retry_now_says_why_a_record_was_not_queued(failed_record):
    Run.objects.create(flow=failed_record.run.flow, trigger=Trigger.MANUAL, status=RunStatus.RUNNING)
    client = editor()
    listing = client.get("/admin/sync/record/")
    answer = client.post(
        f"/admin/sync/record/{failed_record.pk}/retry/", {"csrfmiddlewaretoken": token(listing)}, follow=True
    )
    assert "not queued: a run of this flow is under way" in answer.content.decode()
    assert not Run.objects.filter(trigger=Trigger.REPLAY).exists()
