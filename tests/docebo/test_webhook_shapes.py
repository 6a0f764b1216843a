"""Docebo deliveries in a shape Crosswalk does not read: kept as one unsupported event, answered
as accepted and replayable, never refused (Docebo retries a refusal, then drops it, contract §4.6)."""

import json

import pytest
from django.urls import reverse

from integrations.docebo import events
from integrations.docebo.webhooks import DoceboReceiver
from integrations.webhooks import UnsupportedShape
from sync.models import EventStatus, InboundEvent
from tests.conftest import basic_auth
from tests.docebo.helpers import delivery

BASE = "https://acme.docebosaas.com"


@pytest.fixture
def docebo(make_connection):
    conn, username, secret = make_connection(system="docebo", slug="docebo-acme", base_url=BASE)
    return conn, basic_auth(username, secret)


def _post(client, body: dict, auth: str):
    url = reverse("sync:webhook", args=["docebo-acme"])
    return client.post(url, data=json.dumps(body).encode(), content_type="application/json", HTTP_AUTHORIZATION=auth)


def _without(name: str, *keys: str) -> dict:
    body = delivery(name)
    for key in keys:
        body.pop(key)
    return body


def _item_without(name: str, key: str) -> dict:
    body = delivery(name)
    body["payload"].pop(key)
    return body


def _too_many() -> dict:
    body = delivery("course.enrollment.completed.grouped")
    body["payloads"] = body["payloads"] * 13
    return body


SHAPES = {
    "no payload": (_without("course.enrollment.completed", "payload"), events.COURSE_COMPLETED),
    "no event name": (_without("course.enrollment.completed", "event"), ""),
    "no message id": (_without("course.enrollment.completed", "message_id"), ""),
    "item without course": (_item_without("course.enrollment.completed", "course_id"), events.COURSE_COMPLETED),
    "item without user": (_item_without("certification.user.assigned", "user_id"), events.CERTIFICATION_ASSIGNED),
    "item not an object": (
        {**delivery("course.enrollment.completed.grouped"), "payloads": ["13044"]},
        events.COURSE_COMPLETED,
    ),
    "more than 25 items": (_too_many(), events.COURSE_COMPLETED),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_unknown_shape_raises_unsupported_shape_even_without_a_request(shape, docebo):
    body, event_type = SHAPES[shape]
    with pytest.raises(UnsupportedShape) as raised:
        DoceboReceiver().parse(docebo[0], json.dumps(body).encode(), None)
    assert raised.value.event_type == event_type and str(raised.value)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_unknown_shape_is_kept_unsupported_and_answered_as_accepted(shape, client, docebo):
    body, _ = SHAPES[shape]
    response = _post(client, body, docebo[1])
    assert response.status_code == 202
    [event] = InboundEvent.objects.all()
    assert (event.raw, event.status) == (True, EventStatus.UNSUPPORTED)
    assert response.json()["unsupported"] in event.last_error


def test_known_shape_parses_without_a_request(docebo):
    [event] = DoceboReceiver().parse(docebo[0], json.dumps(delivery("course.enrollment.completed")).encode(), None)
    assert event.event_type == events.COURSE_COMPLETED


def test_event_no_flow_reads_is_stored_as_an_event_in_docebos_envelope(client, docebo):
    body = {**delivery("course.enrollment.completed"), "event": "course.updated"}
    assert _post(client, body, docebo[1]).status_code == 202
    [event] = InboundEvent.objects.all()
    assert (event.raw, event.event_type) == (False, "course.updated")  # the engine marks it unsupported
