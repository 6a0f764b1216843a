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


def test_a_body_that_is_not_json_is_a_400(client, credentially):
    _, auth = credentially
    for body in (b"{not json", b'"just a string"'):
        answer = post(client, auth, body)
        assert answer.status_code == 400 and "JSON" in answer.json()["error"]
    assert not InboundEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"eventId": "e1", "payload": {"profileId": "p"}}, "no event type"),
        ({"eventId": "e1", "eventType": events.PROFILE_UPDATED, "payload": {}}, "no profileId"),
        ([{"eventType": events.PROFILE_UPDATED, "profileId": "p"}, 7], "item 2: expected a JSON object"),
    ],
)
def test_a_well_formed_body_we_cannot_read_is_kept_as_unsupported_not_refused(client, credentially, body, reason):
    """A 400 would be retried 14 times by Credentially and then dropped: it is stored with the reason."""
    _, auth = credentially
    answer = post(client, auth, body)
    assert answer.status_code == 202 and reason in answer.json()["unsupported"]
    event = InboundEvent.objects.get()
    assert event.status == "unsupported" and reason in event.last_error


def test_a_flat_body_is_read_like_a_nested_one(client, credentially):
    """Credentially publishes each event's fields but no envelope: the fields may come at the top."""
    _, auth = credentially
    nested = sample(events.COMPLIANCE_STATUS_CHANGED)
    flat = {"eventType": nested["eventType"], **nested["payload"]}
    answer = post(client, auth, flat)
    assert answer.status_code == 202
    event = InboundEvent.objects.get(pk=answer.json()["event_id"])
    assert (event.event_type, event.external_id) == (events.COMPLIANCE_STATUS_CHANGED, nested["payload"]["profileId"])
    assert event.dedupe_key == f"{flat['eventType']}:{flat['profileId']}:{flat['changedAt']}"
    assert post(client, auth, flat).json()["duplicate"] is True


def test_a_body_with_nothing_to_date_it_dedupes_on_its_content(client, credentially):
    _, auth = credentially
    body = {"eventType": events.PROFILE_UPDATED, "profileId": "p-1", "fields": ["lastName"]}
    assert post(client, auth, body).status_code == 202
    assert post(client, auth, body).json()["duplicate"] is True
    assert post(client, auth, {**body, "fields": ["email"]}).status_code == 202
    assert InboundEvent.objects.count() == 2
