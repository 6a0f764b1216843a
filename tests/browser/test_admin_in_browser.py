"""The admin in a real browser: headless Chromium (Debian's package) driven by Playwright.

Skipped when Chromium is not installed (CI installs it; see .ci/run).
"""

import re

import pytest

from tests.browser.conftest import CHROMIUM, SHOTS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_admin_adds_an_icims_connection_and_sees_its_webhook_password_once(page):
    from integrations.crypto import matches_hash
    from integrations.models import Connection

    log_in(page)
    page.goto("/admin/integrations/connection/add/")
    page.click("a[href='?system=icims']")
    page.fill("#id_name", "iCIMS production")
    page.fill("#id_cred_username", "api-user")
    page.fill("#id_cred_password", "api-password")
    page.fill("#id_setting_customer_id", "1234")
    page.click("input[name=_save]")
    page.wait_for_selector("text=Copy these now")
    page.screenshot(path=str(SHOTS / "connection-secret-once.png"), full_page=True)
    secret = page.inner_text("code[id^=secret-]")
    conn = Connection.objects.get(name="iCIMS production")
    assert matches_hash(secret, conn.webhook_secret_hash)
    assert page.inner_text("code[id^=url-]").endswith(f"/hooks/{conn.slug}/")

    page.goto(f"/admin/integrations/connection/{conn.pk}/change/")
    assert secret not in page.content()
    assert "api-password" not in page.content()
    page.screenshot(path=str(SHOTS / "connection-change.png"), full_page=True)


def test_event_list_filters_and_searches(page):
    log_in(page)
    page.goto("/admin/sync/inboundevent/")
    assert page.is_visible("#changelist-filter")
    page.fill("#searchbar", "jane@example.com")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*q=jane.*"))
    page.screenshot(path=str(SHOTS / "events.png"), full_page=True)


def test_the_demo_is_driven_by_clicks_on_a_sandbox_page(page):
    from integrations.docebo.events import COURSE_COMPLETED
    from integrations.docebo.sandbox import EMULATOR
    from integrations.sandbox.models import SandboxDelivery

    EMULATOR.seed()
    EMULATOR.register_hub(url="http://127.0.0.1:9/hooks/nowhere/", username="u", secret="s", slug="nowhere")
    page.goto("/sandbox/docebo/")
    form = page.locator("form[action$='/_actions/complete-course/']")
    jane = form.locator("select[name=learner] option", has_text="jane.doe@example.com").get_attribute("value")
    form.locator("select[name=learner]").select_option(value=jane)
    form.locator("select[name=course]").select_option(index=0)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".msg-success")
    page.screenshot(path=str(SHOTS / "sandbox-docebo.png"), full_page=True)
    assert SandboxDelivery.objects.filter(system="docebo", event_type=COURSE_COMPLETED).exists()


def test_an_admin_checks_a_connection_and_reads_its_checklist(page):
    from demo.credly import seed as credly_demo

    conn = credly_demo()  # the Credly sandbox and the hub's connection to it
    log_in(page)
    page.goto("/admin/integrations/connection/")
    page.check(f"input[name=_selected_action][value='{conn.pk}']")
    page.select_option("select[name=action]", "check_connection")
    page.click("button[name=index]")
    page.wait_for_selector("text=Check queued for 1 connection")
    page.goto(f"/admin/integrations/connection/{conn.pk}/check/")
    page.wait_for_selector("table.checklist", timeout=45_000)  # the page refreshes itself until a worker is done
    page.screenshot(path=str(SHOTS / "connection-check.png"), full_page=True)
    rows = page.locator("table.checklist tbody tr")
    assert rows.count() >= 3
    assert page.locator("table.checklist td.failed").count() == 0
    assert page.is_visible("text=Credentials")
