"""The base client: retries honouring Retry-After, typed errors, paging (with a cap), and logs without secrets."""

import logging

import pytest
import requests
import responses

from integrations.client import (
    ApiClient,
    BadRequest,
    ClientError,
    Conflict,
    HostUnreachable,
    ListingTooLong,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
    Unprocessable,
)
from integrations.models import Connection

BASE = "https://api.example.test"


class TokenClient(ApiClient):
    system = "test"

    def authenticate(self, headers):
        headers["Authorization"] = f"Bearer {self.connection.credentials['token']}"


@pytest.fixture
def client():
    conn = Connection(system="credly", base_url=BASE, credentials={"token": "s3cret-token"})
    c = TokenClient(conn)
    c.waits = []
    c._sleep = c.waits.append  # record the waits instead of sleeping
    return c


@responses.activate
def test_429_then_success_waits_the_retry_after_it_was_told(client):
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "2"})
    responses.get(f"{BASE}/x", json={"ok": True})
    assert client.get_json("/x") == {"ok": True}
    assert client.waits == [2.0] and client.calls == 2


@responses.activate
def test_long_retry_after_raises_rate_limited_instead_of_blocking_the_worker(client):
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "120"}, json={"message": "slow down"})
    with pytest.raises(RateLimited) as exc:
        client.get_json("/x")
    assert exc.value.retry_after == 120.0 and client.waits == []


@responses.activate
def test_5xx_is_retried_with_growing_jittered_backoff_then_raised(client):
    for _ in range(4):
        responses.get(f"{BASE}/x", status=503, json={"message": "down"})
    with pytest.raises(TransientError, match="down"):
        client.get_json("/x")
    assert client.calls == 4
    assert all(0 <= w <= 0.5 * 2**i for i, w in enumerate(client.waits)) and len(client.waits) == 3


@responses.activate
def test_500_twice_then_success_returns_the_result(client):
    responses.post(f"{BASE}/orders", status=500)
    responses.post(f"{BASE}/orders", status=500)
    responses.post(f"{BASE}/orders", json={"id": "o1"}, status=201)
    assert client.post_json("/orders", {"a": 1}) == {"id": "o1"}
    assert len(responses.calls) == 3


@responses.activate
@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Unauthorized),
        (404, NotFound),
        (409, Conflict),
        (410, PermanentError),
        (422, Unprocessable),
    ],
)
def test_client_errors_are_typed_and_carry_the_vendor_body(client, status, error):
    responses.get(f"{BASE}/x", status=status, json={"message": "vendor says no", "code": 7})
    with pytest.raises(PermanentError) as exc:
        client.get_json("/x")
    assert type(exc.value) is error
    assert exc.value.status == status and exc.value.body["code"] == 7
    assert "vendor says no" in str(exc.value)
    assert client.calls == 1  # 4xx is not retried


@responses.activate
def test_connection_errors_are_retried_then_reported_as_host_unreachable(client):
    responses.get(f"{BASE}/x", body=requests.ConnectionError("refused"))
    with pytest.raises(HostUnreachable):
        client.get_json("/x")
    assert client.calls == 4


@responses.activate
def test_401_triggers_one_refresh_when_the_client_supports_it(client):
    refreshed = []
    client.on_unauthorized = lambda: refreshed.append(1) or True
    responses.get(f"{BASE}/x", status=401)
    responses.get(f"{BASE}/x", json={"ok": 1})
    assert client.get_json("/x") == {"ok": 1} and refreshed == [1]


@responses.activate
def test_paginate_follows_pages_until_the_last(client):
    responses.get(f"{BASE}/items?page=1", json={"data": [1, 2], "next": 2})
    responses.get(f"{BASE}/items?page=2", json={"data": [3], "next": None})

    def fetch(params):
        body = client.get_json("/items", params=params)
        return body["data"], ({"page": body["next"]} if body["next"] else None)

    assert list(client.paginate(fetch, {"page": 1})) == [1, 2, 3]


def _endless(client):
    """A vendor whose every page says there is another."""

    def fetch(params):
        body = client.get_json("/items", params=params)
        return body["data"], {"page": params["page"] + 1}

    return fetch


@responses.activate
def test_paginate_stops_a_listing_that_never_ends_and_names_it(client):
    client.max_pages = 3
    responses.get(f"{BASE}/items", json={"data": [1]})
    with pytest.raises(ListingTooLong, match=r"test listing /items did not end after 3 pages") as exc:
        list(client.paginate(_endless(client), {"page": 1}))
    assert exc.value.pages == 3 and client.calls == 3
    assert not isinstance(exc.value, TransientError)  # retrying would loop again


@responses.activate
def test_paginate_names_the_listing_it_was_given(client):
    client.max_pages = 1
    responses.get(f"{BASE}/items", json={"data": [1]})
    with pytest.raises(ClientError, match="listing courses did not end after 1 pages"):
        list(client.paginate(_endless(client), {"page": 1}, listing="courses"))


@responses.activate
def test_a_listing_of_exactly_the_page_cap_ends_normally(client):
    client.max_pages = 2
    responses.get(f"{BASE}/items?page=1", json={"data": [1, 2], "next": 2})
    responses.get(f"{BASE}/items?page=2", json={"data": [3], "next": None})

    def fetch(params):
        body = client.get_json("/items", params=params)
        return body["data"], ({"page": body["next"]} if body["next"] else None)

    assert list(client.paginate(fetch, {"page": 1})) == [1, 2, 3]


@responses.activate
def test_log_line_has_method_path_status_and_time_but_no_secret(client, caplog):
    responses.get(f"{BASE}/x", json={})
    with caplog.at_level(logging.INFO, logger="crosswalk.client"):
        client.get_json("/x?token=abc")
    line = caplog.records[0].getMessage()
    assert "method=GET path=/x status=200 ms=" in line
    assert "s3cret-token" not in line and "abc" not in line


@responses.activate
def test_token_refresh_does_not_use_up_the_only_attempt_when_retry_is_off(client):
    client.on_unauthorized = lambda: True
    responses.post(f"{BASE}/x", status=401)
    responses.post(f"{BASE}/x", json={"ok": 1})
    assert client.post_json("/x", {}, retry=False) == {"ok": 1}
