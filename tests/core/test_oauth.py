"""Client-credentials tokens built once for every client: shared through Django's cache, never
reused across connections, client ids or hosts, renewed before they expire and once on a 401."""

from urllib.parse import parse_qs

import pytest
import responses
import time_machine
from django.core.cache import cache
from django.utils import timezone

from integrations.client import ApiClient, Unauthorized
from integrations.client.oauth import ClientCredentials
from integrations.models import Connection

BASE = "https://eu.api.example.test"
OTHER_BASE = "https://us.api.example.test"
TOKEN_URL = "https://login.example.test/oauth/token"  # one token host for both API hosts


class OAuthClient(ClientCredentials, ApiClient):
    system = "test"
    token_url = TOKEN_URL
    token_scope = "read"


@pytest.fixture(autouse=True)
def empty_token_cache():
    cache.clear()
    yield
    cache.clear()


def make_client(pk=1, base_url=BASE, client_id="cid", client_secret="s") -> OAuthClient:
    conn = Connection(
        pk=pk, system="docebo", base_url=base_url, credentials={"client_id": client_id, "client_secret": client_secret}
    )
    return OAuthClient(conn)


def token_answers(*tokens: str, expires_in: int = 3600) -> None:
    for token in tokens:
        responses.post(TOKEN_URL, json={"access_token": token, "expires_in": expires_in})


def bearer(call) -> str:
    return call.request.headers.get("Authorization", "")


def token_calls() -> list:
    return [c for c in responses.calls if c.request.url == TOKEN_URL]


@responses.activate
def test_token_is_fetched_with_client_credentials_and_shared_by_clients_of_one_connection():
    token_answers("t1")
    responses.get(f"{BASE}/x", json={})
    make_client().get_json("/x")
    make_client().get_json("/x")
    assert len(token_calls()) == 1
    form = {k: v[0] for k, v in parse_qs(token_calls()[0].request.body).items()}
    assert form == {"grant_type": "client_credentials", "client_id": "cid", "client_secret": "s", "scope": "read"}
    assert bearer(token_calls()[0]) == ""  # the token call carries no bearer
    assert [bearer(c) for c in responses.calls if c.request.url == f"{BASE}/x"] == ["Bearer t1", "Bearer t1"]


@responses.activate
def test_changed_base_url_does_not_reuse_the_token():
    token_answers("t-eu", "t-us")
    responses.get(f"{BASE}/x", json={})
    responses.get(f"{OTHER_BASE}/x", json={})
    make_client(base_url=BASE).get_json("/x")
    make_client(base_url=OTHER_BASE).get_json("/x")  # same connection and client id, another host
    assert len(token_calls()) == 2
    assert bearer(responses.calls[-1]) == "Bearer t-us"


@responses.activate
@pytest.mark.parametrize("change", [{"client_id": "other"}, {"client_secret": "rotated"}, {"pk": 2}])
def test_changed_credentials_or_connection_do_not_reuse_the_token(change):
    token_answers("t1", "t2")
    responses.get(f"{BASE}/x", json={})
    make_client().get_json("/x")
    make_client(**change).get_json("/x")
    assert len(token_calls()) == 2
    assert bearer(responses.calls[-1]) == "Bearer t2"


@responses.activate
def test_token_is_renewed_shortly_before_it_expires():
    token_answers("t1", "t2", expires_in=120)
    responses.get(f"{BASE}/x", json={})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        make_client().get_json("/x")
    with time_machine.travel(start + timezone.timedelta(seconds=50), tick=False):
        make_client().get_json("/x")
    with time_machine.travel(start + timezone.timedelta(seconds=61), tick=False):
        make_client().get_json("/x")  # a minute early: never send a token that dies in flight
    assert len(token_calls()) == 2
    assert bearer(responses.calls[-1]) == "Bearer t2"


@responses.activate
def test_rejected_token_is_forgotten_and_renewed_once():
    token_answers("t1", "t2")
    responses.get(f"{BASE}/x", status=401, json={"message": "expired"})
    responses.get(f"{BASE}/x", json={"ok": 1})
    client = make_client()
    assert client.get_json("/x") == {"ok": 1}
    assert bearer(responses.calls[-1]) == "Bearer t2"
    assert client.calls == 4  # token, 401, token, call
    make_client().get_json("/x")
    assert len(token_calls()) == 2  # the renewed token is the one now shared


@responses.activate
def test_refused_client_credentials_are_unauthorized_without_a_loop():
    responses.post(TOKEN_URL, status=401, json={"error_description": "bad client"})
    with pytest.raises(Unauthorized, match="bad client"):
        make_client().get_json("/x")
    assert len(responses.calls) == 1
