"""What a new admin does in the browser to set up an integration, as small steps: read what a
vendor hands over (the sandbox page's connect card), add a connection, register the hub's webhook
on the vendor's settings page, add a lookup row, press a vendor-side button, and wait to see a
result on a page. Each step is timed (`Stopwatch`)."""

import time
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import shot

ROOT = Path(__file__).resolve().parents[2]


class Stopwatch:
    """Seconds per named step, printed as a table (and kept in var/ for the report)."""

    def __init__(self):
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def step(self, name: str):
        started = time.monotonic()
        yield
        self.steps.append((name, time.monotonic() - started))

    def report(self) -> str:
        width = max(len(name) for name, _ in self.steps)
        lines = [f"{name:<{width}}  {seconds:6.1f} s" for name, seconds in self.steps]
        total = sum(seconds for _, seconds in self.steps)
        text = "\n".join(["Setting up from scratch, step by step:", *lines, f"{'total':<{width}}  {total:6.1f} s"])
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "setup-walkthrough-times.txt").write_text(text + "\n")
        return text

    @property
    def total(self) -> float:
        return sum(seconds for _, seconds in self.steps)


def vendor_hands_over(page, system: str) -> dict[str, str]:
    """What the vendor gives an admin to connect the hub: the sandbox page's connect card, as
    label -> value (labels as the hub's connection form has them)."""
    page.goto(f"/sandbox/{system}/")
    page.click("#connect summary")
    rows = page.locator("#connect tr")
    return {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text() for i in range(rows.count())}


def enter(page, label: str, value: str) -> None:
    """Type (or choose) a value in the form field of this label."""
    field = page.get_by_label(label, exact=False).first
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)  # by value or by the text shown
    else:
        field.fill(value)


def add_connection(page, system: str, name: str, handed_over: dict[str, str]) -> None:
    """Integrations > Connections > Add, the system, a name, and what the vendor handed over."""
    page.goto("/admin/integrations/connection/add/")
    page.click(f"a[href='?system={system}']")
    page.fill("#id_name", name)
    for label, value in handed_over.items():
        enter(page, label, value)
    page.click("input[name=_save]")
    try:
        page.wait_for_selector(":text('Copy these now'), :text('It is being tested now')", timeout=30_000)
    except Exception as exc:
        shot(page, f"setup-failed-adding-{system}")
        errors = page.locator(".errornote, .errorlist").all_inner_texts()
        raise AssertionError(f"adding the {system} connection did not save: {errors}") from exc


def register_on_vendor_page(page, system: str, *, tick: tuple[str, ...] = ()) -> None:
    """From the hub's one-time page: open the vendor's webhook form filled with the connection's
    URL and credentials, tick what the admin wants, and save it there."""
    with page.expect_popup() as opened:
        page.click(f"form.sandbox-fill input[type=submit][value*='{system}' i]")
    vendor = opened.value
    vendor.wait_for_selector("#webhook-form")
    for label in tick:
        vendor.get_by_label(label).check()
    shot(vendor, f"sandbox-webhook-form-{system.lower()}")
    vendor.click("#webhook-form button[type=submit]")
    vendor.wait_for_selector(".msg-success")
    assert "take it" in vendor.inner_text("#webhook-targets"), vendor.inner_text("#webhook-targets")
    vendor.close()
    page.bring_to_front()  # back on the hub's page, as the admin is


def fill_from_connection(page, system: str, connection_name: str) -> None:
    """On a vendor's webhook form: 'Fill from a hub connection' (no password: a blank one keeps it)."""
    page.goto(f"/sandbox/{system}/")
    page.select_option("#webhook-fill select[name=connection]", label=connection_name)
    page.click("#webhook-fill button[type=submit]")
    page.wait_for_selector("#webhook-form")


def save_vendor_form(page, name: str) -> str:
    shot(page, name)
    page.click("#webhook-form button[type=submit]")
    page.wait_for_selector(".msg-success")
    return page.inner_text("#webhook-targets")


def press(page, system: str, action: str, **choices: str) -> str:
    """A vendor-side button on the sandbox page, with its fields chosen by their visible text."""
    form = page.locator(f"form[action$='/_actions/{action}/']")
    for name, text in choices.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            value = field.locator("option", has_text=text).first.get_attribute("value")
            field.select_option(value=value)
        else:
            field.fill(text)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".msg-success, .msg-error")
    assert page.locator(".msg-error").count() == 0, page.inner_text(".msg-error")
    return page.inner_text(".msg-success")


def wait_to_see(page, path: str, *texts: str, timeout: float = 60, where: str = "main") -> None:
    """Reload a page until the part `where` shows every text (what an admin does while a worker runs)."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        page.goto(path)
        shown = page.locator(where).first.text_content() or ""
        if all(t in shown for t in texts):
            return
        time.sleep(0.5)
    raise AssertionError(f"{path} did not show {texts} within {timeout}s; it shows:\n{shown[:3000]}")


def wait_until_tested(page, timeout: float = 60) -> str:
    """The 'Connection test' box updates by itself: wait until it is no longer pending."""
    box = page.locator("[data-progress=check]").first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = box.inner_text()
        if "Testing since" not in text and "Queued" not in text:
            return text
        time.sleep(0.3)
    raise AssertionError(f"the connection test did not finish within {timeout}s: {box.inner_text()}")


def add_row(page, model_path: str, values: dict[str, str], *, tick: tuple[str, ...] = ()) -> None:
    """A lookup table's Add page: each field by its label, then Save."""
    page.goto(f"/admin/{model_path}/add/")
    for label, value in values.items():
        enter(page, label, value)
    for label in tick:
        page.get_by_label(label).check()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success", timeout=15_000)
