"""Webhook answers are JSON, always: an outage is 503 with Retry-After, hostile nesting is 400,
and an error of ours is a JSON 500 in the system's own error shape, never Django's HTML page."""

import pytest
from django.db import OperationalError

from integrations.webhooks import MAX_JSON_DEPTH
from sync.models import InboundEvent
from tests.conftest import basic_auth
from tests.core.helpers import body

pytestmark = pytest.mark.django_db


def post(client, conn, data, user, secret):
    return client.post(
        f"/hooks/{conn.slug}/",
        data=data,
        content_type="application/json",
        headers={"Authorization": basic_auth(user, secret)},
    )


def test_a_hundred_thousand_open_brackets_are_a_400_not_a_crash(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    response = post(client, conn, "[" * 100_000, user, secret)
    assert response.status_code == 400
    assert "nested deeper" in response.json()["error"]


def test_a_genuine_delivery_with_one_value_nested_too_deep_is_refused_with_400(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")

    def delivery(event_id: str, depth: int) -> str:  # written by hand: json.dumps would recurse too
        extra = "[" * depth + "]" * depth
        return f'{{"events": [{{"id": "{event_id}", "type": "test.event", "extra": {extra}}}]}}'

    assert post(client, conn, delivery("m1", 5000), user, secret).status_code == 400
    assert post(client, conn, delivery("m2", MAX_JSON_DEPTH - 3), user, secret).status_code == 202
    assert list(InboundEvent.objects.values_list("dedupe_key", flat=True)) == ["m2"]


def test_a_database_outage_is_answered_503_with_retry_after_in_json(client, make_connection, receiver, monkeypatch):
    conn, user, secret = make_connection("docebo")

    def down(**kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("sync.views.event_ingest", down)
    response = post(client, conn, body({"id": "m1", "type": "test.event"}), user, secret)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "send it again later" in response.json()["error"]


def test_the_connection_lookup_failing_is_an_outage_too(client, make_connection, receiver, monkeypatch):
    conn, user, secret = make_connection("docebo")
    monkeypatch.setattr("sync.views._connection", lambda slug: (_ for _ in ()).throw(OperationalError("down")))
    response = post(client, conn, body({"id": "m1", "type": "test.event"}), user, secret)
    assert (response.status_code, response["Content-Type"]) == (503, "application/json")


def test_an_unexpected_error_is_a_json_500_in_the_systems_shape(client, make_connection, receiver, monkeypatch):
    conn, user, secret = make_connection("docebo")
    monkeypatch.setattr(type(receiver), "parse", lambda *args: 1 / 0)
    response = post(client, conn, body({"id": "m1", "type": "test.event"}), user, secret)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "unexpected" in response.json()["error"]
