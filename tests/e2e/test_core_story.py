"""End to end: a webhook travels through the real server into a real qcluster worker and is processed."""

import json

import pytest

from sync.models import EventStatus, InboundEvent, Run
from tests.conftest import basic_auth
from tests.e2e.flows import EVENT_TYPE
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def delivery(message_id: str) -> bytes:
    return json.dumps(
        {
            "message_id": message_id,
            "webhook_id": 1,
            "event": EVENT_TYPE,
            "payload": {"user_id": 7, "username": "jane@example.com", "fired_at": "2026-11-23 10:00:00"},
        }
    ).encode()


def test_webhook_is_stored_acknowledged_and_processed_by_a_real_worker(live_hub, make_connection):
    conn, user, secret = make_connection("docebo", slug="docebo-live", base_url="https://acme.docebosaas.com")
    headers = {"Authorization": basic_auth(user, secret), "Content-Type": "application/json"}
    response = live_hub.post(f"/hooks/{conn.slug}/", data=delivery("m-1"), headers=headers)
    assert response.status_code == 202, response.text
    event_id = response.json()["event_id"]
    event = wait_until(
        lambda: InboundEvent.objects.filter(pk=event_id, status=EventStatus.SUCCEEDED).first(),
        message=f"event processed by the worker\n{live_hub.log_tail()}",
    )
    run = Run.objects.get(event=event)
    assert (run.flow.key, run.status, run.skipped) == ("test.noop", "succeeded", 1)

    again = live_hub.post(f"/hooks/{conn.slug}/", data=delivery("m-1"), headers=headers)
    assert (again.status_code, again.json()["event_id"]) == (200, event_id)

    wrong = live_hub.post(
        f"/hooks/{conn.slug}/", data=delivery("m-2"), headers={**headers, "Authorization": basic_auth(user, "wrong")}
    )
    assert wrong.status_code == 401
    assert InboundEvent.objects.count() == 1
    assert Run.objects.filter(event=event).count() == 1


def test_healthz_on_the_real_server(live_hub):
    body = live_hub.get("/healthz").json()
    assert body == {"status": "ok", "database": "ok", "broker": "ok"}
