"""/metrics in a real browser, as Prometheus's bearer token opens it (the screenshot in docs/metrics.md)."""

import pytest

from tests.browser.conftest import CHROMIUM, shot
from tests.live import METRICS_TOKEN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_metrics_open_with_the_bearer_token_and_not_without(page):
    refused = page.goto("/metrics")
    assert refused.status == 401 and "bearer token" in page.inner_text("body")

    page.set_extra_http_headers({"Authorization": f"Bearer {METRICS_TOKEN}"})
    answer = page.goto("/metrics")
    assert answer.status == 200
    text = page.inner_text("body")
    assert "# TYPE crosswalk_inbox_depth gauge" in text and "crosswalk_vendor_calls_total" in text
    shot(page, "metrics")
