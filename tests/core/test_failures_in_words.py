"""Events, runs and records say what went wrong in words, with the technical detail kept apart, and
e-mails go out only when an event failed for good or a run failed or stopped, never per retry."""

import datetime

import pytest
import responses
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from integrations.client import ApiClient
from integrations.models import Connection
from sync.flows.registry import FlowDefinition, register, unregister
from sync.models import EventStatus, InboundEvent, Notification, Outcome, Record, Run, RunStatus, Trigger
from sync.services.notifications import notifications_send
from sync.services.processing import event_process
from sync.services.runs import run_enqueue, run_execute

pytestmark = pytest.mark.django_db

BASE = "https://vendor.example.test"
BADGES = f"{BASE}/badges"
AT = datetime.datetime(2026, 11, 30, 19, 30, tzinfo=datetime.UTC)


class VendorClient(ApiClient):
    max_retries = 0


def credly() -> VendorClient:
    client = VendorClient(Connection(system="credly", base_url=BASE))
    client.system = "credly"
    return client


def on_event(ctx, event):
    credly().post_json("/badges", {"email": event.email})
    ctx.record(source_ref=event.external_id, action="issue_badge", outcome=Outcome.CREATED)


def batch(ctx):
    """Ten learners; each is one badge; an error that is not one learner's stops the run."""
    ctx.progress(total=10)
    for i in range(10):
        ctx.entity(source_ref=f"user:{i}", action="issue_badge", fn=lambda: credly().post_json("/badges", {}))
        ctx.progress(advance=1)
    return False


@pytest.fixture
def a_flow():
    """Register throwaway flows for one test: `a_flow("test.x", batch=..., on_event=...)`."""
    keys = []

    def make(key: str, **handlers):
        keys.append(key)
        return register(
            FlowDefinition(
                key=key,
                name=f"Test {key}",
                description="for tests",
                source="docebo",
                target="credly",
                event_types=(key,),
                recipient=lambda: "ops@example.com",
                **handlers,
            )
        )

    yield make
    for key in keys:
        unregister(key)


@pytest.fixture
def vendor_flow(a_flow):
    return a_flow("test.vendor", on_event=on_event, batch=batch)


def new_event(conn) -> InboundEvent:
    return InboundEvent.objects.create(
        connection=conn, event_type="test.vendor", dedupe_key="e1", payload={}, external_id="obj-1", email="a@b.org"
    )


@responses.activate
def test_a_failing_event_says_when_it_is_tried_again_and_nobody_is_emailed_until_it_is_dead(
    make_connection, vendor_flow, settings
):
    settings.EVENT_MAX_ATTEMPTS, settings.EVENT_RETRY_BASE_SECONDS = 2, 600
    responses.post(BADGES, status=500, json={"message": "internal"})
    event = new_event(make_connection("docebo")[0])
    with time_machine.travel(AT, tick=False):
        assert event_process(event_id=event.pk) == EventStatus.RETRYING
    event.refresh_from_db()
    assert event.last_error == "Credly answered 500 (a fault on Credly's side); trying again at 19:40 (try 2 of 2)"
    assert "call: POST /badges" in event.error_detail and 'answer: {"message": "internal"}' in event.error_detail
    run = Run.objects.get(event=event)
    assert (run.status, run.message, run.error_detail) == (RunStatus.ERRORED, event.last_error, event.error_detail)
    assert not Notification.objects.exists()  # a retry may yet succeed: nobody is told

    with time_machine.travel(AT + timezone.timedelta(hours=1)):
        assert event_process(event_id=event.pk) == EventStatus.DEAD
    event.refresh_from_db()
    assert event.last_error == (
        "Credly answered 500 (a fault on Credly's side); failed for good after 2 tries: "
        "check Credly's status page, then replay"
    )
    [note] = Notification.objects.all()  # the dead event, once; not its two errored runs
    assert note.line.startswith(f"Event #{event.pk} test.vendor (obj-1): Credly answered 500")
    assert note.line.endswith(f"\n  {settings.HUB_BASE_URL}/admin/sync/inboundevent/{event.pk}/change/")


@responses.activate
def test_a_refused_write_in_a_batch_is_a_failed_record_in_words_and_one_line_for_the_run(vendor_flow):
    responses.post(BADGES, status=422, json={"message": "template is archived"})
    run = run_enqueue(flow_key="test.vendor", trigger=Trigger.MANUAL)
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.failed) == (RunStatus.FAILED, 10)
    record = Record.objects.filter(run=run).first()
    assert record.message == "Credly refused the data (422): “template is archived”: correct what it names, then replay"
    assert "status: 422" in record.error_detail and "Unprocessable" in record.error_detail
    [note] = Notification.objects.all()  # one line for the run, not one per record
    assert note.line.startswith(f"Run #{run.pk} (Manual (Run now)) finished with failures: 10 failed")
    assert note.line.count("correct what it names") == 3 and "and 7 more" in note.line
    assert note.line.endswith(f"{settings.HUB_BASE_URL}/admin/sync/run/{run.pk}/change/")
    notifications_send()
    assert f"/admin/sync/run/{run.pk}/change/" in mail.outbox[0].body and "/admin/sync/\n" not in mail.outbox[0].body


@responses.activate
def test_a_run_stopped_by_refused_credentials_says_why_and_what_it_did_not_finish(vendor_flow, a_flow):
    responses.post(BADGES, json={"id": "b1"})
    responses.post(BADGES, json={"id": "b2"})
    responses.post(BADGES, status=401, json={"message": "invalid_token"})
    run = run_enqueue(flow_key="test.vendor", trigger=Trigger.MANUAL)
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.failed == 8  # 401 is each learner's refusal...

    def batch_stopped(ctx):  # ...unless the flow lets it stop the whole run, as a sign-in would
        ctx.progress(total=10, done=4)
        credly().get_json("/me")

    a_flow("test.stopper", batch=batch_stopped)
    responses.get(f"{BASE}/me", status=401, json={"message": "invalid_token"})
    Notification.objects.all().delete()
    stopped = run_enqueue(flow_key="test.stopper", trigger=Trigger.MANUAL)
    run_execute(run_id=stopped.pk)
    stopped.refresh_from_db()
    assert stopped.status == RunStatus.ERRORED
    assert stopped.message == (
        "Stopped: Credly refused the credentials (401): fix the credentials on the Credly connection; "
        "not finished: 6; run the flow again once it is fixed"
    )
    assert "call: GET /me" in stopped.error_detail
    [note] = Notification.objects.all()
    assert "errored" in note.line and "not finished: 6" in note.line and f"/run/{stopped.pk}/change/" in note.line


@responses.activate
def test_an_outage_pauses_a_run_in_words_without_an_email_and_the_pause_becomes_history(vendor_flow):
    responses.post(BADGES, status=503)
    run = run_enqueue(flow_key="test.vendor", trigger=Trigger.MANUAL)
    with time_machine.travel(AT, tick=False):
        run_execute(run_id=run.pk)
    run.refresh_from_db()
    wait = settings.EVENT_RETRY_BASE_SECONDS
    assert run.status == RunStatus.RUNNING
    assert (
        run.message
        == f"Paused: Credly answered 503 (a fault on Credly's side); it goes on by itself at 19:{30 + wait // 60:02d}"
    )
    assert not Notification.objects.exists()
    responses.replace(responses.POST, BADGES, json={"id": "b"})
    with time_machine.travel(run.lease_until + timezone.timedelta(seconds=1)):
        run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.message.startswith("Paused earlier: Credly answered 503")


def test_a_webhook_run_with_a_failed_record_is_told_once(make_connection, a_flow):
    def fails_one(ctx, event):
        message = "no certification with code 'X' in Docebo"
        ctx.record(source_ref="user:1", action="award", outcome=Outcome.FAILED, message=message)

    a_flow("test.fails", on_event=fails_one)
    event = InboundEvent.objects.create(
        connection=make_connection("docebo")[0], event_type="test.fails", dedupe_key="k", payload={}
    )
    assert event_process(event_id=event.pk) == EventStatus.SUCCEEDED
    record = Record.objects.get()
    assert record.message.endswith("create it in Docebo or correct the code in the badge mapping, then replay")
    [note] = Notification.objects.all()  # the run's line quotes the record; no second line per record
    assert f"user:1: {record.message}" in note.line and f"/admin/sync/run/{record.run_id}/change/" in note.line
