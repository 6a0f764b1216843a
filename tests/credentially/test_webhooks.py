"""Credentially deliveries through the real webhook view: Basic auth, one event per callback, dedupe."""

import json

import pytest

from integrations.credentially import events
from sync.models import InboundEvent
from tests.conftest import basic_auth
from tests.credentially.samples import FIXTURES, sample

SLUG = "credentially-test"
EVENT_FIXTURES = sorted(p.stem for p in FIXTURES.glob("*.json"))


@pytest.fixture
def credentially(make_connection):
    conn, username, secret = make_connection(system="credentially", slug=SLUG, credentials={"api_key": "k"})
    return conn, basic_auth(username, secret)


def post(client, auth: str, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(f"/hooks/{SLUG}/", data=raw, content_type="application/json", HTTP_AUTHORIZATION=auth)


def test_every_catalogued_event_type_has_a_fixture():
    assert set(EVENT_FIXTURES) == set(events.CATALOGUE)


@pytest.mark.parametrize("event_type", EVENT_FIXTURES)
def test_each_event_type_is_stored_under_its_event_id_with_the_profile(client, credentially, event_type):
    conn, auth = credentially
    body = sample(event_type)
    answer = post(client, auth, body)
    assert answer.status_code == 202
    event = InboundEvent.objects.get(pk=answer.json()["event_id"])
    assert (event.connection, event.event_type, event.dedupe_key) == (conn, event_type, body["eventId"])
    assert event.external_id == body["payload"]["profileId"]
    assert event.payload == body


def test_repeated_delivery_is_acknowledged_once_stored(client, credentially):
    _, auth = credentially
    body = sample(events.COMPLIANCE_STATUS_CHANGED)
    assert post(client, auth, body).status_code == 202
    again = post(client, auth, body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_without_an_event_id_type_profile_and_time_dedupe(client, credentially):
    _, auth = credentially
    body = {k: v for k, v in sample(events.DBS_STATUS_CHANGED).items() if k != "eventId"}
    assert post(client, auth, body).status_code == 202
    assert post(client, auth, body).status_code == 200
    event = InboundEvent.objects.get()
    assert event.dedupe_key == f"{events.DBS_STATUS_CHANGED}:{body['payload']['profileId']}:{body['occurredAt']}"


@pytest.mark.parametrize("auth", ["", "Bearer x", basic_auth("crosswalk-credentially-test", "wrong-password")])
def test_bad_credentials_are_refused_and_nothing_is_stored(client, credentially, auth):
    answer = post(client, auth, sample(events.COMPLIANCE_STATUS_CHANGED))
    assert answer.status_code == 401 and not InboundEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "names"),
    [
        (b"{not json", "JSON"),
        ({"eventId": "e1", "payload": {"profileId": "p"}}, "eventType"),
        ({"eventId": "e1", "eventType": events.PROFILE_UPDATED, "payload": {}}, "profileId"),
        ({"eventType": events.PROFILE_UPDATED, "payload": {"profileId": "p"}}, "eventId"),
    ],
)
def test_malformed_delivery_is_a_400_naming_what_is_missing(client, credentially, body, names):
    _, auth = credentially
    answer = post(client, auth, body)
    assert answer.status_code == 400 and names in answer.json()["error"]
    assert not InboundEvent.objects.exists()
