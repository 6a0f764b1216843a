"""The webhook view: authenticate, store once, acknowledge; bad input is refused and nothing kept."""

import gzip
import hashlib
import hmac

import pytest

from sync.models import InboundEvent
from tests.conftest import basic_auth
from tests.core.helpers import body

pytestmark = pytest.mark.django_db


def post(client, conn, data, **headers):
    return client.post(f"/hooks/{conn.slug}/", data=data, content_type="application/json", headers=headers)


def test_good_delivery_is_stored_and_acknowledged_with_202(
    client, make_connection, receiver, django_capture_on_commit_callbacks
):
    conn, user, secret = make_connection("docebo")
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(
            client,
            conn,
            body({"id": "m1", "type": "test.event", "email": "a@b.c"}),
            Authorization=basic_auth(user, secret),
        )
    assert response.status_code == 202
    event = InboundEvent.objects.get(pk=response.json()["event_id"])
    assert (event.event_type, event.dedupe_key, event.email, event.status) == ("test.event", "m1", "a@b.c", "received")
    assert len(callbacks) == 1  # processing is enqueued only after the row is committed


@pytest.mark.parametrize("auth", ["", "Basic bm9wZTpub3Bl", "Bearer x", "Basic !!!"])
def test_bad_credentials_get_401_and_store_nothing(client, make_connection, receiver, auth):
    conn, _, _ = make_connection("docebo")
    response = post(client, conn, body({"id": "m1", "type": "t"}), Authorization=auth)
    assert response.status_code == 401
    assert InboundEvent.objects.count() == 0


def test_right_password_for_wrong_username_is_refused(client, make_connection, receiver):
    conn, _, secret = make_connection("docebo")
    assert (
        post(
            client, conn, body({"id": "m1", "type": "t"}), Authorization=basic_auth("someone-else", secret)
        ).status_code
        == 401
    )


def test_unknown_or_disabled_connection_gets_404(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    assert client.post("/hooks/nope/", data=b"{}", content_type="application/json").status_code == 404
    conn.enabled = False
    conn.save()
    assert (
        post(client, conn, body({"id": "m1", "type": "t"}), Authorization=basic_auth(user, secret)).status_code == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "not valid JSON"),
        (b'{"events": "x"}', "expected"),
        (b'{"events": [{"id": "1"}]}', "missing field(s): type"),
        (b"   ", "empty"),
    ],
)
def test_malformed_body_gets_400_naming_the_problem(client, make_connection, receiver, data, message):
    conn, user, secret = make_connection("docebo")
    response = post(client, conn, data, Authorization=basic_auth(user, secret))
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert InboundEvent.objects.count() == 0


def test_oversized_body_gets_413(client, make_connection, receiver, settings):
    settings.WEBHOOK_MAX_BYTES = 100
    conn, user, secret = make_connection("docebo")
    response = post(
        client, conn, body({"id": "m1", "type": "t", "pad": "x" * 200}), Authorization=basic_auth(user, secret)
    )
    assert response.status_code == 413
    assert InboundEvent.objects.count() == 0


def test_gzip_body_is_accepted_and_a_gzip_bomb_refused(client, make_connection, receiver, settings):
    conn, user, secret = make_connection("icims")
    ok = client.post(
        f"/hooks/{conn.slug}/",
        data=gzip.compress(body({"id": "g1", "type": "t"})),
        content_type="application/json",
        headers={"Content-Encoding": "gzip", "Authorization": basic_auth(user, secret)},
    )
    assert ok.status_code == 202
    settings.WEBHOOK_MAX_BYTES = 1000
    bomb = gzip.compress(b'{"events": [' + b" " * 100_000 + b"]}")
    refused = client.post(
        f"/hooks/{conn.slug}/",
        data=bomb,
        content_type="application/json",
        headers={"Content-Encoding": "gzip", "Authorization": basic_auth(user, secret)},
    )
    assert refused.status_code == 413
    not_gzip = client.post(
        f"/hooks/{conn.slug}/",
        data=b"plain",
        content_type="application/json",
        headers={"Content-Encoding": "gzip", "Authorization": basic_auth(user, secret)},
    )
    assert not_gzip.status_code == 400


def test_repeated_delivery_answers_200_with_the_first_event_id(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    first = post(client, conn, body({"id": "m1", "type": "t"}), Authorization=basic_auth(user, secret))
    again = post(client, conn, body({"id": "m1", "type": "t"}), Authorization=basic_auth(user, secret))
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["event_id"] == first.json()["event_id"]
    assert again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_grouped_delivery_is_split_into_one_event_each(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    response = post(
        client,
        conn,
        body({"id": "a", "type": "t"}, {"id": "b", "type": "t"}, {"id": "c", "type": "t"}),
        Authorization=basic_auth(user, secret),
    )
    assert response.status_code == 202
    assert len(response.json()["event_ids"]) == 3
    assert sorted(InboundEvent.objects.values_list("dedupe_key", flat=True)) == ["a", "b", "c"]


def test_too_many_grouped_events_are_refused(client, make_connection, receiver):
    conn, user, secret = make_connection("docebo")
    events = [{"id": str(i), "type": "t"} for i in range(6)]
    assert post(client, conn, body(*events), Authorization=basic_auth(user, secret)).status_code == 400


def test_hmac_signed_delivery_is_checked_against_the_signing_secret(client, make_connection, receiver):
    conn, _, _ = make_connection("certn", credentials={"api_key": "k", "webhook_secret": "shh"})
    data = body({"id": "c1", "type": "t"})
    good = hmac.new(b"shh", data, hashlib.sha256).hexdigest()
    assert post(client, conn, data, **{"X-Signature": "0" * 64}).status_code == 401
    assert post(client, conn, data, **{"X-Signature": good}).status_code == 202


def test_url_token_delivery_is_checked_against_the_generated_secret(client, make_connection, receiver):
    conn, _, secret = make_connection("credly")
    url = f"/hooks/{conn.slug}/"
    data = body({"id": "e1", "type": "t"})
    assert client.post(url + "?token=wrong", data=data, content_type="application/json").status_code == 401
    assert client.post(url + f"?token={secret}", data=data, content_type="application/json").status_code == 202


def test_verification_handshake_echoes_the_challenge(client, make_connection, receiver):
    conn, _, _ = make_connection("certn", credentials={"api_key": "k", "webhook_secret": "s"})
    response = client.get(f"/hooks/{conn.slug}/?challenge=Zx81LmQp")
    assert response.status_code == 200
    assert response.content == b"Zx81LmQp"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, db, monkeypatch):
    monkeypatch.setattr("sync.views._check_broker", lambda: "down: ConnectionError")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down: ConnectionError"


def test_every_sandbox_page_renders(client, db):
    from integrations.sandbox.base import emulators

    assert client.get("/sandbox/").status_code == 200
    for system in emulators():
        page = client.get(f"/sandbox/{system}/")
        assert page.status_code == 200, system
        assert b"Fault switches" in page.content
