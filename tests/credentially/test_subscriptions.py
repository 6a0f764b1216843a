"""The hub's webhook subscription at Credentially: a `webhookName` Credentially accepts for any slug,
and the event types taken from Credentially's own catalogue, limited to those the flows act on."""

import pytest
import responses

from integrations.credentially import events
from integrations.credentially.sandbox.callbacks import validate
from integrations.credentially.subscriptions import WEBHOOK_NAME, subscription_replace
from integrations.services import webhook_username_for
from tests.credentially.helpers import HOOKS, _body, make_client
from tests.credentially.samples import sample

URL = "https://hub.example.org/hooks/credentially/"
pytestmark = pytest.mark.django_db  # the emulator's rules read its variant switches


@pytest.mark.parametrize("length", [1, 40, 41, 50])
def test_the_webhook_name_fits_credentially_for_every_slug_length(length):
    """SlugField allows 50 characters: `crosswalk-` + 50 would be 60, over Credentially's 50."""
    slug = "s" * length
    name = webhook_username_for(slug)
    assert WEBHOOK_NAME.match(name) and len(name) <= 50
    body = {"callbackUrl": URL, "webhookName": name, "password": "p" * 43, "eventTypes": list(events.HANDLED)}
    assert validate(body) is None  # what the emulator (Credentially's published rule) accepts
    assert name == f"crosswalk-{slug}" if length <= 40 else name.startswith(f"crosswalk-{slug[:31]}-")


def test_long_slugs_that_share_a_beginning_get_different_names():
    one, two = "north-trust-staffing-bank-nights-icu-east", "north-trust-staffing-bank-nights-icu-west"
    assert webhook_username_for(one) != webhook_username_for(two)
    assert webhook_username_for(one) == webhook_username_for(one)  # stable: the same connection, the same name


def test_a_connection_with_the_longest_slug_gets_a_valid_webhook_username(make_connection):
    conn, username, _ = make_connection(system="credentially", slug="x" * 50, credentials={"api_key": "k"})
    assert WEBHOOK_NAME.match(username) and conn.webhook_username == username


@responses.activate
def test_the_subscription_asks_for_the_catalogued_types_the_flows_handle_and_no_others():
    catalogue = [
        *sample("api/meta_events"),
        {"type": "PROFILE_ARCHIVED", "description": "not acted on", "payloadFields": []},
        {"type": events.DOCUMENT_UPLOADED, "description": "a new file", "payloadFields": []},
    ]
    responses.get(f"{HOOKS}/meta/events", json=catalogue)
    responses.get(f"{HOOKS}/subscriptions", json=[])
    responses.post(f"{HOOKS}/subscriptions", json=sample("api/subscription"), status=201)
    subscription_replace(client=make_client(), callback_url=URL, webhook_name="crosswalk-c", password="p" * 20)
    assert _body(responses.calls[2])["eventTypes"] == [
        events.COMPLIANCE_STATUS_CHANGED,
        events.DBS_STATUS_CHANGED,
        events.DOCUMENT_UPLOADED,
    ]


@responses.activate
def test_a_catalogue_without_any_handled_type_subscribes_nothing_and_says_why():
    responses.get(f"{HOOKS}/meta/events", json=[{"type": "PROFILE_ARCHIVED", "payloadFields": []}])
    with pytest.raises(ValueError, match="none of the events Crosswalk acts on"):
        subscription_replace(client=make_client(), callback_url=URL, webhook_name="crosswalk-c", password="p" * 20)
    assert [c.request.method for c in responses.calls] == ["GET"]


def test_an_invalid_name_is_refused_before_any_call():
    with pytest.raises(ValueError, match="3-50"):
        subscription_replace(
            client=make_client(), callback_url=URL, webhook_name="crosswalk." + "x" * 50, password="p" * 20
        )
