"""/metrics in a real browser, as Prometheus's bearer token opens it, after a candidate went through the
compliance flows (the screenshot in docs/metrics.md)."""

import pytest

from integrations.icims.sandbox.seed import STATUS_INTERVIEW, STATUS_ONBOARDING
from mappings.compliance.models import StaffRecord
from tests.browser.conftest import CHROMIUM, shot
from tests.compliance.live_steps import seed_sandboxes, workflow_at
from tests.live import METRICS_TOKEN, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_metrics_open_with_the_bearer_token_and_not_without(page, live_hub):
    refused = page.goto("/metrics")
    assert refused.status == 401 and "bearer token" in page.inner_text("body")

    ats, _ = seed_sandboxes()
    workflow = workflow_at(ats, STATUS_INTERVIEW)
    ats.client().move_workflow(workflow.id, STATUS_ONBOARDING)
    wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id, last_synced_at__isnull=False).exists(),
        message=f"the candidate through both flows\n{live_hub.log_tail()}",
    )
    page.set_extra_http_headers({"Authorization": f"Bearer {METRICS_TOKEN}"})

    def counted():
        answer = page.goto("/metrics")
        text = page.inner_text("body")
        return answer.status == 200 and 'flow="compliance.sync_back",le="+Inf",status="succeeded"' in text

    wait_until(counted, message="the flows' counts on the page")
    text = page.inner_text("body")
    assert "# TYPE crosswalk_inbox_depth gauge" in text and 'crosswalk_vendor_calls_total{status="200"' in text
    shot(page, "metrics")
