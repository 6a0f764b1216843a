"""CredentiallyClient on the wire: the bearer key and API version, the two bases (region or override),
error statuses mapped to typed errors, Retry-After sat out or handed to the worker, 5xx retried."""

import pytest
import responses

from integrations.client import NotFound, PermanentError, RateLimited, TransientError, Unauthorized
from integrations.credentially.client import CredentiallyClient
from integrations.models import Connection
from tests.credentially.helpers import BASE, KEY, PROFILE_ID, make_client
from tests.credentially.samples import sample


@pytest.fixture
def client():
    return make_client()


@responses.activate
def test_every_call_carries_the_bearer_key_and_api_version(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    profile = client.get_profile(PROFILE_ID)
    headers = responses.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-API-Version"] == "2.0.0"
    assert profile["complianceStatus"] == "COMPLIANT"


def test_region_picks_the_host_when_no_base_url_is_set():
    conn = Connection(system="credentially", region="us", credentials={"api_key": KEY})
    client = CredentiallyClient(conn)
    assert client.base_url == "https://us.credentially.io/gateway"
    assert client.webhook_base_url == "https://us.credentially.io/webhook-gateway"


def test_webhook_base_can_be_overridden():
    assert (
        make_client(webhook_base_url="https://hooks.example.org/wg/").webhook_base_url == "https://hooks.example.org/wg"
    )


@pytest.mark.parametrize(
    ("status", "error"), [(401, Unauthorized), (403, Unauthorized), (404, NotFound), (400, PermanentError)]
)
@responses.activate
def test_error_statuses_map_to_typed_errors(client, status, error):
    responses.get(f"{BASE}/api/profile/x", status=status, json={"status": status, "message": "nope"})
    with pytest.raises(error) as caught:
        client.get_profile("x")
    assert caught.value.status == status and len(responses.calls) == 1


@responses.activate
def test_long_retry_after_raises_rate_limited_for_the_worker_to_reschedule(client):
    responses.get(f"{BASE}/api/profile/x", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        client.get_profile("x")
    assert caught.value.retry_after == 120.0


@responses.activate
def test_short_retry_after_is_sat_out_then_the_call_succeeds(client):
    responses.get(f"{BASE}/api/profile/x", status=429, headers={"Retry-After": "2"})
    responses.get(f"{BASE}/api/profile/x", json={"id": "x"})
    assert client.get_profile("x") == {"id": "x"}
    assert client.waits == [2.0]


@responses.activate
def test_persistent_5xx_is_transient(client):
    responses.get(f"{BASE}/api/profile/x", status=503)
    with pytest.raises(TransientError):
        client.get_profile("x")
    assert len(responses.calls) == client.max_retries + 1
