"""The lean intake path: /hooks/ answered by sync.intake.WebhookIntakeMiddleware ahead of the
people's middleware, one INSERT ... ON CONFLICT per event, connections cached per process."""

import gzip
import json

import pytest
from django.db import transaction
from django.test import Client

from integrations.services import connection_issue_webhook_secret
from integrations.webhook_connections import _entries
from integrations.webhooks import ParsedEvent
from sync.models import InboundEvent
from sync.services.events import event_ingest
from tests.conftest import basic_auth
from tests.icims.helpers import fixture_bytes

pytestmark = pytest.mark.django_db


def docebo_delivery(message_id: str, *items: dict) -> bytes:
    envelope = {"message_id": message_id, "webhook_id": 1, "event": "user.created"}
    if len(items) == 1:
        envelope["payload"] = items[0]
    else:
        envelope["payloads"] = list(items)
    return json.dumps(envelope).encode()


def post(client, conn, data: bytes, auth: str = "", **headers):
    if auth:
        headers["Authorization"] = auth
    return client.post(f"/hooks/{conn.slug}/", data=data, content_type="application/json", headers=headers)


@pytest.fixture
def docebo(make_connection):
    return make_connection("docebo", base_url="https://acme.docebosaas.com")


def test_a_delivery_skips_sessions_csrf_and_login_throttling(docebo, django_assert_max_num_queries):
    conn, user, secret = docebo
    strict = Client(enforce_csrf_checks=True)  # a vendor has no CSRF token: intake never asks for one
    post(strict, conn, docebo_delivery("warm", {"user_id": 0}), basic_auth(user, secret))
    with django_assert_max_num_queries(1):  # the INSERT only: the connection comes from memory
        response = post(strict, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, secret))
    assert response.status_code == 202
    assert "Cookie" not in response.get("Vary", "")  # the session middleware never saw it
    assert response["Content-Type"] == "application/json"


def test_bad_credentials_store_nothing_through_the_real_receiver(client, docebo):
    conn, user, _ = docebo
    response = post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, "wrong"))
    assert response.status_code == 401
    assert InboundEvent.objects.count() == 0


def test_a_repeat_answers_200_with_the_first_id_and_stores_nothing(client, docebo):
    conn, user, secret = docebo
    first = post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, secret))
    again = post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, secret))
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json() == {
        "event_id": first.json()["event_id"],
        "event_ids": [first.json()["event_id"]],
        "duplicate": True,
    }
    assert InboundEvent.objects.count() == 1


def test_a_grouped_delivery_is_split_into_one_event_each(client, docebo):
    conn, user, secret = docebo
    first = post(client, conn, docebo_delivery("g", {"user_id": 1}, {"user_id": 2}), basic_auth(user, secret))
    assert (first.status_code, len(first.json()["event_ids"])) == (202, 2)
    keys = sorted(InboundEvent.objects.values_list("dedupe_key", flat=True))
    assert keys == ["g:0", "g:1"]


def test_gzip_and_the_size_limit_on_the_lean_path(client, docebo, settings):
    conn, user, secret = docebo
    zipped = post(client, conn, gzip.compress(docebo_delivery("z", {"user_id": 1})), basic_auth(user, secret),
                  **{"Content-Encoding": "gzip"})  # fmt: skip
    assert zipped.status_code == 202
    settings.WEBHOOK_MAX_BYTES = 50
    big = post(client, conn, docebo_delivery("big", {"user_id": 1, "pad": "x" * 100}), basic_auth(user, secret))
    assert big.status_code == 413
    assert InboundEvent.objects.count() == 1


def test_icims_gets_200_for_a_new_event_and_its_own_error_shape(client, make_connection):
    conn, user, secret = make_connection("icims", settings={"customer_id": "7712"})
    ok = post(client, conn, fixture_bytes("WorkFlowStatusChangeEvent.json"), basic_auth(user, secret))
    assert ok.status_code == 200
    refused = post(client, conn, b"{}", basic_auth(user, "wrong"))
    assert refused.status_code == 401
    assert set(refused.json()["error"]) == {"userMessage", "debugErrorMessage"}


def test_another_method_is_a_json_405(client, docebo):
    conn, _, _ = docebo
    response = client.put(f"/hooks/{conn.slug}/", data=b"{}", content_type="application/json")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, POST")
    assert "POST" in response.json()["error"]


def test_disabling_a_connection_applies_to_the_next_delivery(client, docebo):
    conn, user, secret = docebo
    assert post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, secret)).status_code == 202
    assert conn.slug in _entries  # served from memory from now on
    conn.enabled = False
    conn.save()
    assert post(client, conn, docebo_delivery("m2", {"user_id": 2}), basic_auth(user, secret)).status_code == 404


def test_a_rotated_secret_applies_to_the_next_delivery(client, docebo):
    conn, user, old = docebo
    assert post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, old)).status_code == 202
    _, new = connection_issue_webhook_secret(connection=conn)  # a queryset update, no save()
    assert post(client, conn, docebo_delivery("m2", {"user_id": 2}), basic_auth(user, old)).status_code == 401
    assert post(client, conn, docebo_delivery("m3", {"user_id": 3}), basic_auth(user, new)).status_code == 202


def test_without_the_shared_cache_every_delivery_reads_the_database(client, docebo, monkeypatch):
    conn, user, secret = docebo

    def down():
        raise ConnectionError("cache down")

    monkeypatch.setattr("integrations.webhook_connections._get", down)
    assert post(client, conn, docebo_delivery("m1", {"user_id": 1}), basic_auth(user, secret)).status_code == 202
    assert conn.slug not in _entries
    conn.enabled = False
    conn.save()
    assert post(client, conn, docebo_delivery("m2", {"user_id": 2}), basic_auth(user, secret)).status_code == 404


def test_a_repeat_inside_a_transaction_leaves_the_transaction_usable(docebo):
    conn, _, _ = docebo
    item = ParsedEvent(event_type="t", dedupe_key="k", payload={"a": 1})
    with transaction.atomic():
        first, created = event_ingest(connection=conn, incoming=item)
        again, created_again = event_ingest(connection=conn, incoming=item)
        assert InboundEvent.objects.count() == 1  # no IntegrityError broke the transaction
    assert (created, created_again, again.pk) == (True, False, first.pk)
    stored = InboundEvent.objects.get()
    assert (stored.payload, stored.status, stored.attempts) == ({"a": 1}, "received", 0)
