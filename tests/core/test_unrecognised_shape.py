"""An authenticated delivery is never refused for its shape: kept as unsupported, replayable."""

import json

import pytest

from sync.models import EventStatus, InboundEvent
from sync.services.events import event_replay
from tests.conftest import basic_auth
from tests.core.helpers import JsonReceiver

pytestmark = pytest.mark.django_db

NEW_SHAPE = {"items": [{"id": "n1", "type": "test.event", "email": "a@b.c"}]}


def post(client, conn, data, auth):
    return client.post(f"/hooks/{conn.slug}/", data=data, content_type="application/json", headers=auth)


def test_unknown_shape_is_stored_as_unsupported_with_the_reason_and_acknowledged(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    response = post(client, conn, json.dumps(NEW_SHAPE), {"Authorization": basic_auth(user, secret)})
    assert response.status_code == 202
    assert "items" in response.json()["unsupported"]
    event = InboundEvent.objects.get(pk=response.json()["event_id"])
    assert (event.status, event.raw, event.event_type) == (EventStatus.UNSUPPORTED, True, "test.items")
    assert "instead of 'events'" in event.last_error
    assert event.payload == NEW_SHAPE


def test_the_same_unknown_delivery_twice_is_kept_once(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    auth = {"Authorization": basic_auth(user, secret)}
    first = post(client, conn, json.dumps(NEW_SHAPE), auth)
    again = post(client, conn, json.dumps(NEW_SHAPE), auth)
    assert (again.status_code, again.json()["event_id"]) == (200, first.json()["event_id"])
    assert InboundEvent.objects.count() == 1


def test_malformed_json_is_still_400_and_unauthenticated_shapes_are_401(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    assert post(client, conn, "{not json", {"Authorization": basic_auth(user, secret)}).status_code == 400
    assert post(client, conn, json.dumps(NEW_SHAPE), {"Authorization": "Basic bm9wZTpub3Bl"}).status_code == 401
    assert InboundEvent.objects.count() == 0


def test_replay_reads_it_again_once_the_code_understands_it(
    client, make_connection, receiver, flow, monkeypatch, django_capture_on_commit_callbacks
):
    conn, user, secret = make_connection("docebo")
    raw_id = post(client, conn, json.dumps(NEW_SHAPE), {"Authorization": basic_auth(user, secret)}).json()["event_id"]
    assert event_replay(event_ids=[raw_id]) == 0  # not understood yet: stays unsupported, says so
    assert "Still not understood" in InboundEvent.objects.get(pk=raw_id).last_error
    monkeypatch.setattr(JsonReceiver, "understands_items", True)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_replay(event_ids=[raw_id]) == 1
    raw = InboundEvent.objects.get(pk=raw_id)
    parsed = InboundEvent.objects.get(dedupe_key="n1")
    assert raw.status == EventStatus.SUCCEEDED and f"#{parsed.pk}" in raw.last_error
    assert (parsed.event_type, parsed.email, parsed.status) == ("test.event", "a@b.c", EventStatus.SUCCEEDED)
    assert flow.seen == [parsed.pk]  # the flow ran on the event the replay produced
