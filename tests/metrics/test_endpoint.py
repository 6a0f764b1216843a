"""/metrics: Prometheus text, behind a bearer token; 404 while no token is set; no session or CSRF work."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_FLUSH_SECONDS = 0
    return settings


def test_metrics_are_off_while_no_token_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_is_refused(client, metrics_on, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    answer = client.get("/metrics", **extra)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert b"crosswalk_" not in answer.content


def test_the_right_token_gets_prometheus_text_without_session_or_csrf_cookies(
    client, metrics_on, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):  # the scrape's own grouped counts, no session or user
        answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=0.0.4")
    assert not answer.cookies  # no sessionid, no csrftoken
    names = {f.name for f in text_string_to_metric_families(answer.content.decode())}
    assert {
        "crosswalk_events",
        "crosswalk_inbox_depth",
        "crosswalk_inbox_oldest_waiting_seconds",
        "crosswalk_runs",
        "crosswalk_run_duration_seconds",
        "crosswalk_vendor_calls",
        "crosswalk_vendor_call_duration_seconds",
        "crosswalk_vendor_rate_limited",
        "crosswalk_vendor_retry_waits",
        "crosswalk_vendor_retry_wait_seconds",
        "crosswalk_notification_emails_sent",
        "crosswalk_notification_lines",
    } <= names


def test_only_get_is_answered(client, metrics_on):
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_the_token_is_compared_in_constant_time(client, metrics_on, monkeypatch):
    import hmac

    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess")
    assert compared == [(b"guess", TOKEN.encode())]
