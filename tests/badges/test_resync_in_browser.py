"""'Run for one learner or course' in a real browser (headless Chromium against the live hub): the
admin ticks the flow, picks the action, names the learner, and the worker's run does the rest."""

import pytest

from tests.badges.sandbox import action, credly_badges, docebo_pk, docebo_user, wire
from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, page, shot  # noqa: F401  (page: a fixture)
from tests.live import wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_admin_resyncs_one_learner_from_the_flow_list(page, live_hub):  # noqa: F811
    from integrations.docebo.sandbox.models import Webhook
    from sync.models import Run
    from sync.services.runs import flow_row

    wire()
    Webhook.objects.update(active=False)  # the award below never reaches the hub by itself
    ana = docebo_user("ana.silva@example.com")
    cert = docebo_pk("Certification", "CERT-SEC")
    action(live_hub, "docebo", "award-certification", learner=ana, certification=cert, issued_on="", expires_on="")
    flow = flow_row("badges.docebo_to_credly")
    log_in(page)
    page.goto("/admin/sync/flow/")
    page.check(f"input[name=_selected_action][value='{flow.pk}']")
    page.select_option("select[name=action]", "run_scoped")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=learner]")
    assert no_horizontal_scroll(page)
    shot(page, "flow-run-for-one-learner")
    page.fill("input[name=learner]", "ana.silva@example.com")
    page.click("input[type=submit][value='Queue the run']")
    page.wait_for_selector("text=for learner ana.silva@example.com only")
    run = Run.objects.get(flow=flow, params={"learner": "ana.silva@example.com"})
    wait_until(
        lambda: credly_badges("ana.silva@example.com", "Workplace Safety Certified"),
        timeout=60,
        message=f"run #{run.pk} issued the badge\n{live_hub.log_tail()}",
    )
