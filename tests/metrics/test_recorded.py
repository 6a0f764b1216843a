"""Counters of what happens in any process (vendor calls, retries, runs, e-mails), added to one store."""

import pytest
import requests
import responses

from integrations.client import ApiClient, HostUnreachable, RateLimited
from tests.metrics.helpers import samples, value

pytestmark = pytest.mark.django_db
BASE = "https://api.example.test"
TOKEN = "t0ken-for-metrics"


class VendorClient(ApiClient):
    system = "credly"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_FLUSH_SECONDS = 0  # added to the store at once (in the test's transaction)
    return settings


@pytest.fixture
def vendor(make_connection):
    conn, _, _ = make_connection(system="credly", slug="credly-metrics", base_url=BASE)
    made = VendorClient(conn)
    made._sleep = lambda seconds: None
    return made


def scrape(client) -> dict:
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    return samples(answer.content.decode())


@responses.activate
def test_vendor_calls_are_counted_by_system_and_status_with_latency_429s_and_retry_waits(metrics_on, vendor, client):
    responses.get(f"{BASE}/a", status=429, headers={"Retry-After": "2"})
    responses.get(f"{BASE}/a", status=503)
    responses.get(f"{BASE}/a", json={"ok": True})
    responses.get(f"{BASE}/slow-down", status=429, headers={"Retry-After": "120"})
    vendor.get_json("/a")
    with pytest.raises(RateLimited):
        vendor.get_json("/slow-down")

    found = scrape(client)
    assert value(found, "crosswalk_vendor_calls_total", system="credly", status="429") == 2
    assert value(found, "crosswalk_vendor_calls_total", system="credly", status="503") == 1
    assert value(found, "crosswalk_vendor_calls_total", system="credly", status="200") == 1
    assert value(found, "crosswalk_vendor_rate_limited_total", system="credly") == 2
    assert value(found, "crosswalk_vendor_retry_waits_total", system="credly", reason="rate_limited") == 1
    assert value(found, "crosswalk_vendor_retry_wait_seconds_total", system="credly", reason="rate_limited") == 2.0
    assert value(found, "crosswalk_vendor_retry_waits_total", system="credly", reason="server_error") == 1
    assert value(found, "crosswalk_vendor_deferred_seconds_total", system="credly") == 120.0
    assert value(found, "crosswalk_vendor_call_duration_seconds_count", system="credly") == 4
    assert value(found, "crosswalk_vendor_call_duration_seconds_bucket", system="credly", le="+Inf") == 4
    assert value(found, "crosswalk_vendor_call_duration_seconds_bucket", system="credly", le="30.0") == 4  # cumulative


@responses.activate
def test_a_vendor_that_does_not_answer_is_counted_as_unreachable(metrics_on, vendor, client):
    responses.get(f"{BASE}/down", body=requests.ConnectionError("refused"))
    with pytest.raises(HostUnreachable):
        vendor.get_json("/down")
    found = scrape(client)
    assert value(found, "crosswalk_vendor_calls_total", system="credly", status="unreachable") == 4
    assert value(found, "crosswalk_vendor_retry_waits_total", system="credly", reason="unreachable") == 3


def test_nothing_is_counted_while_metrics_are_off(settings, vendor):
    from metrics import recorder
    from metrics.models import Sample

    settings.METRICS_TOKEN, settings.METRICS_FLUSH_SECONDS = "", 0
    recorder.inc("crosswalk_vendor_calls", system="credly", status="200")
    assert not Sample.objects.exists() and recorder.flush() == 0


def test_finished_runs_are_counted_by_flow_and_outcome_with_their_duration(metrics_on, client):
    from datetime import timedelta

    from django.utils import timezone

    from sync.flows.compliance.sync_back import FLOW_KEY
    from sync.flows.registry import get_flow
    from sync.models import Run, RunStatus, Trigger
    from sync.services.context import RunContext
    from sync.services.runs import flow_row, run_close

    started = timezone.now() - timedelta(seconds=42)
    run = Run.objects.create(
        flow=flow_row(FLOW_KEY), trigger=Trigger.MANUAL, status=RunStatus.RUNNING, started_at=started
    )
    run_close(RunContext(run, get_flow(FLOW_KEY)))

    found = scrape(client)
    labels = {"flow": FLOW_KEY, "status": "succeeded"}
    assert value(found, "crosswalk_run_duration_seconds_count", **labels) == 1
    assert 42 <= value(found, "crosswalk_run_duration_seconds_sum", **labels) < 50
    assert value(found, "crosswalk_run_duration_seconds_bucket", **labels, le="15.0") == 0
    assert value(found, "crosswalk_run_duration_seconds_bucket", **labels, le="60.0") == 1
    assert value(found, "crosswalk_runs", flow=FLOW_KEY, status="succeeded") == 1  # and the table's count


def test_sent_failure_e_mails_are_counted_by_flow(metrics_on, client, mailoutbox):
    from sync.models import Notification
    from sync.services.notifications import notifications_send

    for flow, line in (("compliance.sync_back", "a"), ("compliance.sync_back", "b"), ("badges.docebo", "c")):
        Notification.objects.create(recipient="ops@example.org", flow_key=flow, subject="s", line=f"{line} failed")
    assert notifications_send() == 2 and len(mailoutbox) == 2

    found = scrape(client)
    assert value(found, "crosswalk_notification_emails_sent_total", flow="compliance.sync_back") == 1
    assert value(found, "crosswalk_notification_lines", flow="compliance.sync_back", state="sent") == 2
    assert value(found, "crosswalk_notification_lines", flow="compliance.sync_back", state="waiting") == 0


@pytest.mark.django_db(transaction=True)  # PostgreSQL: the failed statement must not poison a test transaction
def test_counts_a_failed_flush_could_not_write_are_kept_for_the_next(metrics_on, monkeypatch):
    from metrics import recorder
    from metrics.models import Sample

    monkeypatch.setattr(recorder, "enabled", lambda: True)
    metrics_on.METRICS_FLUSH_SECONDS = 3600  # buffered: flushed by hand below
    monkeypatch.setattr(recorder, "_start_flusher", lambda state: None)
    recorder.inc("crosswalk_vendor_calls", system="docebo", status="200")
    with monkeypatch.context() as m:
        m.setattr(recorder, "UPSERT", "INSERT INTO no_such_table VALUES (%s, %s, %s)")
        assert recorder.flush() == 0
    recorder.inc("crosswalk_vendor_calls", system="docebo", status="200")
    assert recorder.flush() == 1
    assert Sample.objects.get(name="crosswalk_vendor_calls").value == 2


def test_kept_events_and_runs_are_counted_at_most_once_a_minute_the_inbox_at_every_scrape(metrics_on, client):
    from integrations.models import Connection
    from sync.models import InboundEvent

    metrics_on.METRICS_COUNT_SECONDS = 60
    conn = Connection.objects.create(system="docebo", name="D", slug="d", base_url="https://d.test")
    InboundEvent.objects.create(connection=conn, event_type="t", dedupe_key="1", payload={})
    assert value(scrape(client), "crosswalk_events", system="docebo", status="received") == 1
    InboundEvent.objects.create(connection=conn, event_type="t", dedupe_key="2", payload={})
    found = scrape(client)
    assert value(found, "crosswalk_events", system="docebo", status="received") == 1  # the count of a moment ago
    assert value(found, "crosswalk_inbox_depth", system="docebo") == 2  # the inbox: now
