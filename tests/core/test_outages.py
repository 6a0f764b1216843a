"""Outage or failure: our database failing or a vendor's rate limit is waited out, not counted
against the entity or the event, and nobody is e-mailed for it."""

import pytest
from django.db import OperationalError

from integrations.client.errors import RateLimited
from sync.flows.registry import unregister
from sync.models import EventStatus, InboundEvent, Notification, Record
from sync.services.processing import event_process
from tests.core.helpers import Recorder, register_test_flow

pytestmark = pytest.mark.django_db


class WritingRecorder(Recorder):
    """Writes one entity per event through ctx.entity, failing with `error` while it is set."""

    error: Exception | None = None

    def on_event(self, ctx, event):
        ctx.entity(source_ref=f"user:{event.pk}", action="write", fn=self.write)

    def write(self):
        if self.error is not None:
            raise self.error
        return 1


@pytest.fixture
def writer():
    recorder = WritingRecorder()
    register_test_flow(recorder, key="test.writer", event_types=("test.write",))
    yield recorder
    unregister("test.writer")


def new_event(conn) -> InboundEvent:
    return InboundEvent.objects.create(connection=conn, event_type="test.write", dedupe_key="w1", payload={})


@pytest.mark.parametrize(
    "error",
    [OperationalError("terminating connection due to administrator command"), RateLimited("slow down", retry_after=60)],
)
def test_an_outage_inside_a_handler_is_waited_out_without_using_an_attempt(make_connection, writer, settings, error):
    settings.EVENT_MAX_ATTEMPTS = 1
    event = new_event(make_connection("docebo")[0])
    writer.error = error
    assert event_process(event_id=event.pk) == EventStatus.RETRYING
    event.refresh_from_db()
    assert event.attempts == 0  # with one attempt allowed, a failure would have made it dead
    assert "(not counted as a try)" in event.last_error and type(error).__name__ in event.error_detail
    assert not Record.objects.filter(outcome="failed").exists()  # the entity did not fail
    assert not Notification.objects.exists()


def test_a_real_failure_still_counts_and_is_recorded(make_connection, writer):
    event = new_event(make_connection("docebo")[0])
    writer.error = ValueError("the vendor's answer made no sense")
    assert event_process(event_id=event.pk) == EventStatus.SUCCEEDED  # the run goes on past the entity
    assert Record.objects.get(outcome="failed").source_ref == f"user:{event.pk}"
