"""Docebo deliveries through the real webhook view: Basic auth, single and grouped payloads, dedupe."""

import gzip
import json
from pathlib import Path

import pytest
from django.urls import reverse

from integrations.docebo import events
from integrations.docebo.payloads import PAYLOAD_TYPES, parse_item
from sync.models import InboundEvent
from tests.conftest import basic_auth
from tests.docebo.helpers import DELIVERY_FIXTURES, delivery, delivery_bytes

BASE = "https://acme.docebosaas.com"


@pytest.fixture
def docebo(make_connection):
    conn, username, secret = make_connection(system="docebo", slug="docebo-acme", base_url=BASE)
    return conn, basic_auth(username, secret)


def _post(client, body: bytes, auth: str, **extra):
    return client.post(
        reverse("sync:webhook", args=["docebo-acme"]),
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
        **extra,
    )


def test_single_completion_is_stored_with_its_learner_and_course(client, docebo):
    _, auth = docebo
    response = _post(client, delivery_bytes("course.enrollment.completed"), auth)
    assert response.status_code == 202
    event = InboundEvent.objects.get()
    message_id = delivery("course.enrollment.completed")["message_id"]
    assert (event.event_type, event.dedupe_key) == (events.COURSE_COMPLETED, message_id)
    assert (event.external_id, event.email) == ("user:13021/course:412", "jane.doe@example.com")
    assert event.payload["course_id"] == 412
    assert event.payload["_envelope"]["message_id"] == message_id


def test_grouped_delivery_becomes_one_event_per_item(client, docebo):
    _, auth = docebo
    response = _post(client, delivery_bytes("course.enrollment.completed.grouped"), auth)
    assert response.status_code == 202
    message_id = delivery("course.enrollment.completed.grouped")["message_id"]
    stored = list(InboundEvent.objects.order_by("pk").values_list("dedupe_key", "external_id", "email"))
    assert stored == [
        (f"{message_id}:0", "user:13044/course:412", "li.wei@example.com"),
        (f"{message_id}:1", "user:13050/course:415", "ana.silva@example.com"),
    ]
    assert response.json()["event_ids"] == list(InboundEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_body_that_is_not_a_json_object_is_refused(client, docebo):
    _, auth = docebo
    response = _post(client, b'["course.enrollment.completed"]', auth)
    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]
    assert not InboundEvent.objects.exists()


def test_wrong_basic_credentials_are_refused_and_nothing_stored(client, docebo):
    conn, _ = docebo
    response = _post(client, delivery_bytes("course.enrollment.completed"), basic_auth(conn.webhook_username, "nope"))
    assert response.status_code == 401
    assert _post(client, delivery_bytes("course.enrollment.completed"), "").status_code == 401
    assert not InboundEvent.objects.exists()


def test_repeated_message_answers_200_with_the_same_event_ids(client, docebo):
    _, auth = docebo
    first = _post(client, delivery_bytes("course.enrollment.completed.grouped"), auth)
    again = _post(client, delivery_bytes("course.enrollment.completed.grouped"), auth)
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["event_ids"] == first.json()["event_ids"]
    assert again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 2


def test_gzipped_delivery_is_accepted(client, docebo):
    _, auth = docebo
    body = gzip.compress(delivery_bytes("learningplan.enrollment.completed"))
    response = _post(client, body, auth, HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 202
    assert InboundEvent.objects.get().external_id == "user:13021/learningplan:12"


def test_delivery_from_another_platform_is_refused(client, docebo):
    _, auth = docebo
    body = delivery("course.enrollment.completed")
    body["original_domain"] = "rival.docebosaas.com"
    response = _post(client, json.dumps(body).encode(), auth)
    assert response.status_code == 401
    assert "rival.docebosaas.com" in response.json()["error"]
    assert not InboundEvent.objects.exists()


def test_configured_webhook_domain_is_accepted_beside_the_base_url_host(client, docebo):
    conn, auth = docebo
    conn.settings = {"webhook_domain": "https://Learn.Acme.com/"}
    conn.save()
    body = delivery("course.enrollment.completed")
    body["original_domain"] = "learn.acme.com"
    assert _post(client, json.dumps(body).encode(), auth).status_code == 202


def test_certification_events_name_the_certification(client, docebo):
    _, auth = docebo
    for name in events.CERTIFICATION_EVENTS:
        assert _post(client, delivery_bytes(name), auth).status_code == 202
    stored = InboundEvent.objects.order_by("pk")
    assert [e.event_type for e in stored] == list(events.CERTIFICATION_EVENTS)
    assert {e.external_id for e in stored} == {"user:13021/certification:3"}


def test_every_modelled_event_type_has_a_sample_delivery():
    samples = {Path(p).stem for p in DELIVERY_FIXTURES.glob("*.json")}
    assert set(PAYLOAD_TYPES) <= samples


@pytest.mark.parametrize("name", sorted(p.stem for p in DELIVERY_FIXTURES.glob("*.json")))
def test_each_sample_item_parses_into_its_payload_type(name):
    body = delivery(name)
    items = body.get("payloads") or [body["payload"]]
    for item in items:
        parsed = parse_item(body["event"], item)
        assert parsed.user_id > 0
        assert parsed.email.endswith("@example.com")
