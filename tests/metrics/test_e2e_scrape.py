"""End to end: after a flow ran on the real server and a real worker, Prometheus's scrape of /metrics
shows what happened: events, runs and their durations, vendor calls, a 429 and the wait it cost."""

import time

import pytest
import requests

from integrations.icims.sandbox.seed import STATUS_INTERVIEW, STATUS_ONBOARDING
from integrations.sandbox.models import SandboxFault
from mappings.compliance.models import StaffRecord
from tests.compliance.live_steps import seed_sandboxes, workflow_at
from tests.live import METRICS_TOKEN, wait_until
from tests.metrics.helpers import samples, value

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYNC_BACK, STAFF = "compliance.sync_back", "compliance.staff_from_ats"


def scrape(live_hub, token: str = METRICS_TOKEN) -> requests.Response:
    return live_hub.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def test_a_scrape_after_a_flow_ran_shows_its_events_runs_calls_and_rate_limits(live_hub):
    assert live_hub.get("/metrics").status_code == 401
    assert scrape(live_hub, "not-the-token").status_code == 401
    ats, _ = seed_sandboxes()
    # Credentially's first answer to the hub is a 429 with Retry-After: 1, which the worker sits out.
    SandboxFault.objects.update_or_create(
        system="credentially", defaults={"fail_next": 1, "error_status": 429, "retry_after_seconds": 1}
    )
    workflow = workflow_at(ats, STATUS_INTERVIEW)
    ats.client().move_workflow(workflow.id, STATUS_ONBOARDING)
    wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id, last_synced_at__isnull=False).exists(),
        message=f"the staff member created and synced back\n{live_hub.log_tail()}",
    )

    def synced_counts():  # the workers add their counts every second (METRICS_FLUSH_SECONDS in tests/live.py)
        found = samples(scrape(live_hub).text)
        done = value(found, "crosswalk_run_duration_seconds_count", flow=SYNC_BACK, status="succeeded")
        return found if done and value(found, "crosswalk_vendor_rate_limited_total", system="credentially") else None

    wait_until(synced_counts, message=f"the flows' counts in a scrape\n{live_hub.log_tail()}")
    time.sleep(2.5)  # every process has flushed at least twice since: the counts are final
    answer = scrape(live_hub)
    found = samples(answer.text)
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "Set-Cookie" not in answer.headers

    assert value(found, "crosswalk_events", system="icims", status="succeeded") >= 1
    assert value(found, "crosswalk_inbox_depth", system="icims") == 0
    assert value(found, "crosswalk_inbox_oldest_waiting_seconds", system="icims") == 0
    assert value(found, "crosswalk_run_duration_seconds_count", flow=STAFF, status="succeeded") >= 1
    assert value(found, "crosswalk_run_duration_seconds_sum", flow=SYNC_BACK, status="succeeded") > 0
    assert value(found, "crosswalk_runs", flow=SYNC_BACK, status="succeeded") >= 1
    assert value(found, "crosswalk_vendor_calls_total", system="icims", status="200") >= 2  # workflow, person
    # Find by e-mail (429, then 404: nobody yet), roles (200), create (201); the sync-back's reads: profile,
    # packages, right to work, references (200), documents and DBS checks (404: none yet). A scheduled poll
    # may have read the person again meanwhile, hence "at least" for the reads.
    assert value(found, "crosswalk_vendor_calls_total", system="credentially", status="200") >= 5
    assert value(found, "crosswalk_vendor_calls_total", system="credentially", status="404") >= 3
    assert value(found, "crosswalk_vendor_calls_total", system="credentially", status="201") == 1
    assert value(found, "crosswalk_vendor_calls_total", system="credentially", status="429") == 1
    assert value(found, "crosswalk_vendor_retry_waits_total", system="credentially", reason="rate_limited") == 1
    assert value(found, "crosswalk_vendor_retry_wait_seconds_total", system="credentially", reason="rate_limited") == 1
    calls = value(found, "crosswalk_vendor_call_duration_seconds_count", system="credentially")
    assert calls == value(found, "crosswalk_vendor_call_duration_seconds_bucket", system="credentially", le="+Inf")
    assert calls >= 7
