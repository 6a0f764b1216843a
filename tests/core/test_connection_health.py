"""One connection's health for every worker: a long 429 pauses all callers once, and after five
failed calls in a row the circuit breaker pauses the connection, tells its address once, then
lets calls through again after the cool-off."""

import pytest
import responses
import time_machine
from django.core import mail
from django.utils import timezone

from integrations.client import ApiClient, NotFound, RateLimited, TransientError
from integrations.client.errors import ConnectionPaused
from integrations.client.health import health_summary
from integrations.models import Connection

BASE = "https://api.vendor.test"


class Client(ApiClient):
    system = "test"
    max_retries = 0


def client(pk=1) -> Client:
    conn = Connection(pk=pk, system="docebo", name="Docebo live", base_url=BASE, notification_email="ops@example.org")
    made = Client(conn)
    made._sleep = lambda seconds: None
    return made


@responses.activate
def test_a_long_429_pauses_every_caller_of_the_connection_without_calling_again():
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited):
        client().get_json("/x")
    with pytest.raises(ConnectionPaused) as paused:
        client().get_json("/x")  # another worker's client of the same connection
    assert len(responses.calls) == 1
    assert 110 < paused.value.retry_after <= 120
    assert client(pk=2).health.before_call() is None  # another connection is not paused
    assert health_summary(client().connection).startswith("Paused")


@responses.activate
def test_five_failures_in_a_row_open_the_breaker_once_and_it_closes_after_the_cooloff(settings):
    settings.CIRCUIT_BREAKER_FAILURES, settings.CIRCUIT_BREAKER_COOLOFF_SECONDS = 5, 60
    responses.get(f"{BASE}/x", status=503)
    for _ in range(5):
        with pytest.raises(TransientError):
            client().get_json("/x")
    with pytest.raises(ConnectionPaused, match="5 calls in a row failed"):
        client().get_json("/x")
    assert len(responses.calls) == 5
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ops@example.org"]
    responses.replace(responses.GET, f"{BASE}/x", json={"ok": True})
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=61)):
        assert client().get_json("/x") == {"ok": True}
        assert health_summary(client().connection) == "ok"


@responses.activate
def test_a_4xx_is_an_answer_not_an_outage_and_resets_the_count(settings):
    settings.CIRCUIT_BREAKER_FAILURES = 3
    responses.get(f"{BASE}/down", status=500)
    responses.get(f"{BASE}/missing", status=404)
    for path in ("/down", "/down", "/missing", "/down", "/down"):
        with pytest.raises((TransientError, NotFound)):
            client().get_json(path)
    client().health.before_call()  # never three failures in a row: not paused
