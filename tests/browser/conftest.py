"""Browser fixtures: headless Chromium (Debian's package) driven by Playwright against `live_hub`.

Tests using `page` are skipped when Chromium is not installed (CI installs it; see .ci/run).
Screenshots go to var/screenshots/ (`shot(page, "name")`).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "a-long-password-1"
LAPTOP = {"width": 1366, "height": 768}  # the width every list must fit without horizontal scrolling


@pytest.fixture
def page(live_hub):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; our ORM calls in the test are
    # ordinary blocking calls made between browser steps, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser.new_page(base_url=live_hub.url, viewport=LAPTOP)
        browser.close()


def log_in(page, username="boss", *, superuser=True):
    """Create the user (a superuser unless told otherwise) if missing, then log in through the form."""
    from django.contrib.auth.models import User

    if superuser and not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def shot(page, name: str) -> Path:
    """Save a full-page screenshot to var/screenshots/<name>.png and return its path."""
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
