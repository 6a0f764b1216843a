"""Credly deliveries through the real webhook view: URL token, organisation check, dedupe."""

import json

import pytest

from integrations.credly.events import EVENT_TYPES
from sync.models import EventStatus, InboundEvent
from tests.credly.samples import sample

ORG = "0b6b2c1e-8d0d-4c7a-9f5e-3d2a1c4b5e6f"


@pytest.fixture
def credly(make_connection):
    conn, _, secret = make_connection(
        system="credly", slug="credly-test", settings={"organization_id": ORG}, credentials={"auth_token": "tok"}
    )
    return conn, secret


def post(client, secret: str, body) -> object:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(f"/hooks/credly-test/?token={secret}", data=raw, content_type="application/json")


def test_good_delivery_is_stored_under_the_event_id(client, credly):
    conn, secret = credly
    answer = post(client, secret, sample("badge.state.changed"))
    assert answer.status_code == 200  # Credly wants 200 for a stored delivery
    event = InboundEvent.objects.get(pk=answer.json()["event_id"])
    assert (event.connection, event.event_type) == (conn, "badge.state.changed")
    assert event.dedupe_key == "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
    assert event.payload["organization_id"] == ORG


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_is_accepted_as_itself(client, credly, event_type):
    _, secret = credly
    answer = post(client, secret, sample(event_type))
    assert answer.status_code == 200  # Credly wants 200 for a stored delivery
    assert InboundEvent.objects.get(pk=answer.json()["event_id"]).event_type == event_type


def test_wrong_token_is_refused_and_nothing_is_stored(client, credly):
    answer = post(client, "not-the-secret", sample("badge.created"))
    assert answer.status_code == 401 and not InboundEvent.objects.exists()


def test_delivery_for_a_foreign_organisation_is_refused(client, credly):
    _, secret = credly
    body = {**sample("badge.created"), "organization_id": "11111111-2222-4333-8444-555555555555"}
    answer = post(client, secret, body)
    assert answer.status_code == 401 and "organisation" in answer.json()["error"]
    assert not InboundEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in sample("badge.created").items() if k != "event_type"},  # a field missing
        {"data": sample("badge.created")},  # an envelope we have not seen
        {**sample("badge.created"), "event_type": {"name": "badge.created"}},  # a field of another kind
        {k: v for k, v in sample("badge.created").items() if k != "organization_id"},
    ],
    ids=["field-missing", "wrapped", "typed-differently", "no-organisation"],
)
def test_well_formed_json_of_an_unknown_shape_is_kept_as_unsupported_not_refused(client, credly, body):
    conn, secret = credly
    answer = post(client, secret, body)
    assert answer.status_code == 200  # Credly retries anything else for 25 days
    event = InboundEvent.objects.get(pk=answer.json()["event_id"])
    assert (event.connection, event.status) == (conn, EventStatus.UNSUPPORTED)
    assert "not Credly's event envelope" in event.last_error and event.payload == body


def test_an_unknown_shape_for_a_foreign_organisation_is_still_refused(client, credly):
    _, secret = credly
    body = {"organization_id": "11111111-2222-4333-8444-555555555555", "surprise": True}
    assert post(client, secret, body).status_code == 401
    assert not InboundEvent.objects.exists()


def test_a_json_body_that_is_not_an_object_is_a_400(client, credly):
    _, secret = credly
    assert post(client, secret, [sample("badge.created")]).status_code == 400


def test_an_unsupported_delivery_replayed_once_understood_becomes_its_event(client, credly, monkeypatch):
    from integrations.credly.webhooks import CredlyReceiver
    from sync.services.events import event_replay

    _, secret = credly
    wrapped = {"data": sample("badge.created")}
    raw_id = post(client, secret, wrapped).json()["event_id"]
    original = CredlyReceiver.parse
    monkeypatch.setattr(
        CredlyReceiver,
        "parse",
        lambda self, conn, body, request: original(self, conn, json.dumps(json.loads(body)["data"]).encode(), request),
    )
    event_replay(event_ids=[raw_id])
    parsed = InboundEvent.objects.exclude(pk=raw_id).get()
    assert (parsed.event_type, parsed.dedupe_key) == ("badge.created", sample("badge.created")["id"])


def test_body_that_is_not_json_is_a_400(client, credly):
    _, secret = credly
    assert post(client, secret, b"<xml/>").status_code == 400


def test_repeated_delivery_answers_200_with_the_same_event(client, credly):
    _, secret = credly
    first = post(client, secret, sample("badge_template.changed"))
    again = post(client, secret, sample("badge_template.changed"))
    assert (first.status_code, again.status_code) == (200, 200)  # Credly is answered 200 either way
    assert again.json()["event_id"] == first.json()["event_id"] and again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_connection_without_an_organisation_id_refuses_every_delivery(client, make_connection):
    _, _, secret = make_connection(system="credly", slug="credly-test", credentials={"auth_token": "tok"})
    answer = post(client, secret, sample("badge.created"))
    assert answer.status_code == 401 and "organisation id" in answer.json()["error"]
