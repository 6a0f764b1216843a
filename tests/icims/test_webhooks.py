"""iCIMS event notifications through the real webhook view: gzip + Basic in, one inbox row out."""

import gzip
import json

import pytest

from integrations.icims.events import EVENT_TYPES
from integrations.icims.payloads import WorkflowStatusChange
from sync.models import EventStatus, InboundEvent
from tests.conftest import basic_auth
from tests.icims.helpers import FIXTURES, fixture, fixture_bytes

pytestmark = pytest.mark.django_db

STATUS_CHANGE = "WorkFlowStatusChangeEvent.json"


@pytest.fixture
def icims(make_connection):
    return make_connection("icims", settings={"customer_id": "7712"})


def deliver(client, conn, raw: bytes, auth: str, *, compress: bool = True):
    headers = {"Authorization": auth}
    if compress:
        raw, headers["Content-Encoding"] = gzip.compress(raw), "gzip"
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers)


def test_gzip_status_change_with_basic_auth_is_stored_and_acknowledged(
    client, icims, django_capture_on_commit_callbacks
):
    conn, user, secret = icims
    with django_capture_on_commit_callbacks() as callbacks:
        response = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret))
    assert response.status_code == 200
    event = InboundEvent.objects.get(pk=response.json()["event_id"])
    assert (event.event_type, event.external_id, event.dedupe_key) == (
        "WorkFlowStatusChangeEvent",
        "88431",
        "7712:88431:C51877",
    )
    assert event.payload == fixture(STATUS_CHANGE)
    assert len(callbacks) == 1


def test_duplicate_notification_answers_200_with_the_same_event(client, icims):
    conn, user, secret = icims
    first = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret))
    again = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["event_id"] == first.json()["event_id"] and again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_same_workflow_moved_to_another_status_is_a_new_event(client, icims):
    conn, user, secret = icims
    moved = {**fixture(STATUS_CHANGE), "newStatus": "C2060", "oldStatus": "C51877"}
    deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret))
    assert deliver(client, conn, json.dumps(moved).encode(), basic_auth(user, secret)).status_code == 200
    assert InboundEvent.objects.count() == 2


def test_wrong_password_gets_401_and_stores_nothing(client, icims):
    conn, user, _ = icims
    response = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, "not-the-secret"))
    assert response.status_code == 401
    assert not InboundEvent.objects.exists()


def test_event_for_another_customer_gets_401_and_stores_nothing(client, icims):
    conn, user, secret = icims
    foreign = {**fixture(STATUS_CHANGE), "customerId": "9999"}
    response = deliver(client, conn, json.dumps(foreign).encode(), basic_auth(user, secret))
    assert response.status_code == 401
    assert "9999" in response.json()["error"]["userMessage"]
    assert not InboundEvent.objects.exists()


def test_connection_without_customer_id_accepts_no_event(client, make_connection):
    conn, user, secret = make_connection("icims", slug="icims-unset")
    response = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret))
    assert response.status_code == 401 and "no customer id" in response.json()["error"]["userMessage"]
    assert not InboundEvent.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'[{"eventType": "WorkFlowStatusChangeEvent"}]', "one JSON object"),
    ],
)
def test_a_body_that_is_not_one_json_object_gets_400_in_the_icims_error_shape(client, icims, raw, message):
    conn, user, secret = icims
    response = deliver(client, conn, raw, basic_auth(user, secret))
    assert response.status_code == 400
    assert message in response.json()["error"]["userMessage"]
    assert not InboundEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"eventType": "WorkFlowStatusChangeEvent", "customerId": "7712"}, "no systemId"),
        ({**fixture(STATUS_CHANGE), "newStatus": "", "personId": None}, "without personId, newStatus"),
        ({"kind": "something iCIMS may send one day"}, "no eventType, customerId, systemId"),
    ],
)
def test_well_formed_json_of_an_unknown_shape_is_kept_as_unsupported_not_refused(client, icims, body, reason):
    conn, user, secret = icims
    response = deliver(client, conn, json.dumps(body).encode(), basic_auth(user, secret))
    assert response.status_code == 200 and reason in response.json()["unsupported"]
    event = InboundEvent.objects.get()
    assert (event.status, event.raw, event.payload) == (EventStatus.UNSUPPORTED, True, body)
    assert reason in event.last_error


def test_uncompressed_body_is_accepted_too(client, icims):
    conn, user, secret = icims
    response = deliver(client, conn, fixture_bytes(STATUS_CHANGE), basic_auth(user, secret), compress=False)
    assert response.status_code == 200


def test_other_event_types_are_stored_under_their_own_type(client, icims):
    conn, user, secret = icims
    response = deliver(client, conn, fixture_bytes("AssessmentEvent.json"), basic_auth(user, secret))
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert (event.event_type, event.external_id, event.dedupe_key) == (
        "AssessmentEvent",
        "88431",
        "7712:88431:AssessmentEvent",
    )


def test_status_change_parses_into_typed_fields_and_links():
    event = WorkflowStatusChange.from_payload(fixture(STATUS_CHANGE))
    assert (event.customer_id, event.system_id, event.person_id, event.job_id, event.user_id) == (
        "7712",
        "88431",
        "20411",
        "3308",
        "512",
    )
    assert (event.new_status, event.old_status) == ("C51877", "D10105")
    assert event.link("person") == "https://api.icims.com/customers/7712/people/20411"
    assert event.link("nothing") == ""


def test_every_event_fixture_is_a_known_event_type():
    names = {path.stem for path in FIXTURES.glob("*.json")}
    assert names and names <= set(EVENT_TYPES)
    for name in names:
        assert fixture(f"{name}.json")["eventType"] == name
