"""OAuth client credentials: the client fetches, shares and renews bearer tokens; the emulator
hands them out and honours them."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import responses
from django.core.cache import cache
from django.utils import timezone

from integrations.client import Unauthorized
from integrations.credly.client import CredlyClient
from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import AccessToken
from integrations.models import Connection
from tests.credly.conftest import DjangoTransport
from tests.credly.samples import sample

ORG = "0b6b2c1e-8d0d-4c7a-9f5e-3d2a1c4b5e6f"
BADGE = "c3d9a4f2-7b1e-4f0a-8e2d-5a6b7c8d9e0f"
BADGE_URL = f"https://api.credly.com/v1/organizations/{ORG}/badges/{BADGE}"
TOKEN_URL = "https://www.credly.com/oauth/token"


@pytest.fixture(autouse=True)
def empty_token_cache():
    """Tokens are cached per connection id in Django's cache; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


def oauth_client(pk=1) -> CredlyClient:
    conn = Connection(
        pk=pk,
        system="credly",
        credentials={"client_id": "cid", "client_secret": "csecret"},
        settings={"organization_id": ORG},
    )
    return CredlyClient(conn)


@responses.activate
def test_token_comes_from_the_web_host_and_is_sent_as_bearer():
    responses.post(TOKEN_URL, json={"access_token": "at-1", "token_type": "Bearer", "expires_in": 7200})
    responses.get(BADGE_URL, json=sample("api/badge_issued"))
    oauth_client().get_badge(BADGE)
    form = {k: v[0] for k, v in parse_qs(responses.calls[0].request.body).items()}
    assert form == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": "csecret",
        "scope": "badge_templates issued_badges events",
    }
    assert responses.calls[1].request.headers["Authorization"] == "Bearer at-1"


@responses.activate
def test_clients_of_one_connection_share_the_token_until_it_nears_expiry():
    responses.post(TOKEN_URL, json={"access_token": "at-1", "expires_in": 7200})
    responses.get(BADGE_URL, json=sample("api/badge_issued"))
    oauth_client().get_badge(BADGE)
    oauth_client().get_badge(BADGE)
    assert [c.request.url for c in responses.calls].count(TOKEN_URL) == 1


@responses.activate
def test_rejected_token_is_renewed_once_and_the_call_retried():
    responses.post(TOKEN_URL, json={"access_token": "at-1", "expires_in": 7200})
    responses.post(TOKEN_URL, json={"access_token": "at-2", "expires_in": 7200})
    responses.get(BADGE_URL, status=401, json={"data": {"message": "Unauthorized"}})
    responses.get(BADGE_URL, json=sample("api/badge_issued"))
    assert oauth_client().get_badge(BADGE)["id"] == BADGE
    assert responses.calls[3].request.headers["Authorization"] == "Bearer at-2"


@responses.activate
def test_wrong_client_secret_is_unauthorized():
    responses.post(
        TOKEN_URL, status=401, json={"error": "invalid_client", "error_description": "Client authentication failed."}
    )
    with pytest.raises(Unauthorized, match="Client authentication failed"):
        oauth_client().get_badge(BADGE)


def test_connection_without_any_credential_fails_clearly():
    conn = Connection(system="credly", settings={"organization_id": ORG})
    with pytest.raises(Unauthorized, match="neither an authorization token nor an OAuth client"):
        CredlyClient(conn).get_badge(BADGE)


@pytest.fixture
def oauth_hub_client(client, seeded, make_connection):
    conn, _, _ = make_connection(
        system="credly",
        slug="credly-oauth",
        base_url=EMULATOR.base_url(),
        credentials=EMULATOR.oauth_credentials(),
        settings=EMULATOR.settings(),
    )
    credly = conn.client()
    credly.session.mount("http://", DjangoTransport(client))
    return credly


def test_emulator_issues_bearer_tokens_that_open_the_api(oauth_hub_client):
    assert oauth_hub_client.get_organization()["id"] == oauth_hub_client.organization_id
    token = AccessToken.objects.get()
    assert token.scope == "badge_templates issued_badges events"


def test_expired_bearer_token_is_refused_by_the_emulator_and_renewed_by_the_client(oauth_hub_client):
    oauth_hub_client.get_organization()
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert oauth_hub_client.get_organization()["id"] == oauth_hub_client.organization_id
    assert AccessToken.objects.count() == 2 and oauth_hub_client.calls == 5  # token, call, 401, token, call


def test_emulator_refuses_other_grants_and_bad_secrets(client, seeded):
    creds = EMULATOR.oauth_credentials()
    bad_grant = client.post("/sandbox/credly/oauth/token", {**creds, "grant_type": "password"})
    bad_secret = client.post(
        "/sandbox/credly/oauth/token", {**creds, "client_secret": "x", "grant_type": "client_credentials"}
    )
    assert (bad_grant.status_code, bad_grant.json()["error"]) == (400, "unsupported_grant_type")
    assert (bad_secret.status_code, bad_secret.json()["error"]) == (401, "invalid_client")
