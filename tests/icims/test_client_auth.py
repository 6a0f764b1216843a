"""How the iCIMS client signs in: Basic, or OAuth 2.0 client credentials, chosen per connection."""

import base64

import pytest
import responses
from django.core.cache import cache

from integrations.client.errors import Unauthorized
from integrations.icims.client import IcimsClient
from integrations.models import Connection
from tests.icims.helpers import CID

CUSTOMER = {"id": 7712, "name": "Northwind Health"}
US_TOKEN_URL = "https://login.icims.com/oauth/token"
API = "https://api.icims.com"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def client_for(*, credentials: dict, region: str = "", base_url: str = "", **settings) -> IcimsClient:
    conn = Connection(
        pk=41, system="icims", region=region, base_url=base_url, credentials=credentials,
        settings={"customer_id": CID, **settings},
    )  # fmt: skip
    client = IcimsClient(conn)
    client._sleep = lambda seconds: None
    return client


OAUTH = {"client_id": "cw-client", "client_secret": "s3cret"}
BASIC = {"username": "api-user", "password": "pa55:word"}


@responses.activate
def test_client_credentials_are_exchanged_for_a_bearer_token_that_is_reused():
    token = responses.post(US_TOKEN_URL, json={"access_token": "tok-1", "token_type": "Bearer", "expires_in": 86400})
    customer = responses.get(f"{API}/customers/{CID}", json=CUSTOMER)
    client = client_for(credentials=OAUTH)
    assert client.get_customer() == CUSTOMER and client.get_customer() == CUSTOMER
    assert token.call_count == 1 and customer.call_count == 2
    form = responses.calls[0].request.body
    assert "grant_type=client_credentials" in form and "client_id=cw-client" in form and "client_secret=s3cret" in form
    assert "Authorization" not in responses.calls[0].request.headers
    assert responses.calls[1].request.headers["Authorization"] == "Bearer tok-1"


@responses.activate
def test_a_refused_token_is_renewed_once():
    responses.post(US_TOKEN_URL, json={"access_token": "old", "expires_in": 86400})
    responses.post(US_TOKEN_URL, json={"access_token": "new", "expires_in": 86400})
    responses.get(f"{API}/customers/{CID}", status=401, json={"errors": [{"errorMessage": "expired", "errorCode": 6}]})
    responses.get(f"{API}/customers/{CID}", json=CUSTOMER)
    assert client_for(credentials=OAUTH).get_customer() == CUSTOMER
    assert [c.request.headers.get("Authorization") for c in responses.calls[1::2]] == ["Bearer old", "Bearer new"]


@responses.activate
def test_basic_is_sent_when_the_connection_has_a_username_and_password_only():
    responses.get(f"{API}/customers/{CID}", json=CUSTOMER)
    client_for(credentials=BASIC).get_customer()
    assert (
        responses.calls[0].request.headers["Authorization"]
        == "Basic " + base64.b64encode(b"api-user:pa55:word").decode()
    )


@responses.activate
def test_the_setting_chooses_basic_even_when_client_credentials_are_set_too():
    responses.get(f"{API}/customers/{CID}", json=CUSTOMER)
    client_for(credentials={**BASIC, **OAUTH}, api_auth="basic").get_customer()
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")


@responses.activate
def test_eu_tenants_use_the_eu_authorization_server_and_a_set_token_url_wins():
    responses.post("https://login.icims.eu/oauth/token", json={"access_token": "eu", "expires_in": 60})
    responses.get(f"https://api-eu.icims.com/customers/{CID}", json=CUSTOMER)
    client_for(credentials=OAUTH, region="eu").get_customer()
    responses.post("https://auth.example/token", json={"access_token": "x", "expires_in": 60})
    responses.get(f"{API}/customers/{CID}", json=CUSTOMER)
    client_for(credentials=OAUTH, oauth_token_url="https://auth.example/token").get_customer()
    assert [c.request.url for c in responses.calls][::2] == [
        "https://login.icims.eu/oauth/token",
        "https://auth.example/token",
    ]


@pytest.mark.parametrize(
    ("credentials", "settings", "message"),
    [
        ({}, {}, "no API username and password"),
        ({"client_id": "only-id"}, {"api_auth": "oauth"}, "no client id and client secret"),
        (BASIC, {"api_auth": "token"}, "write basic, oauth"),
    ],
)
def test_missing_or_contradictory_credentials_fail_before_any_call(credentials, settings, message):
    with responses.RequestsMock() as mocked, pytest.raises(Unauthorized, match=message):
        client_for(credentials=credentials, **settings).get_customer()
    assert len(mocked.calls) == 0
