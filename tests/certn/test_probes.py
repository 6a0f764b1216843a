"""The Certn connection check against the emulator: every line passes or is skipped with why in the
default variant, and in each variant the line that should fail fails with a fix."""

import json

import pytest

from demo.certn import ensure_region_connection
from demo.screening import ensure_settings
from integrations.certn.sandbox import EMULATOR, state
from integrations.certn.sandbox.models import Package
from integrations.models import Connection
from integrations.probes import run_probes
from tests.docebo.adapter import DjangoTestAdapter

pytestmark = pytest.mark.django_db
STAGE = "C2050"


@pytest.fixture
def emulated(monkeypatch):
    """Every client session talks to the emulator in-process (no server needed)."""
    original = Connection.client

    def client(self):
        made = original(self)
        made.session.mount("http://", DjangoTestAdapter())
        made._sleep = lambda seconds: None
        return made

    monkeypatch.setattr(Connection, "client", client)
    monkeypatch.setattr(state, "send_webhook", lambda **kwargs: None)
    monkeypatch.setattr("integrations.certn.sandbox.seed.hub_register", lambda **kwargs: None)


@pytest.fixture
def certn(emulated, make_connection):
    EMULATOR.seed(step_seconds=0)
    icims, _, _ = make_connection("icims", slug="icims-test", settings={"customer_id": "1"})
    conn = ensure_region_connection("CA")
    ensure_settings(icims=icims, certn=conn, status_id=STAGE)
    return conn


def checklist(conn) -> dict:
    return {line.name.split(" (")[0]: line for line in run_probes(conn)}


def deliver(client, conn, headers: dict) -> int:
    raw = json.dumps({"id": "e1", "event_type": "CASE_STATUS_CHANGED", "object_id": "c1"}).encode()
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers).status_code


def signed_by_emulator(conn, client) -> int:
    """A delivery signed the way the emulator's account signs in the current variant."""
    from integrations.certn.sandbox.seed import account

    raw = json.dumps({"id": "e2", "event_type": "CASE_STATUS_CHANGED", "object_id": "c2"}).encode()
    headers = state.webhook_headers(account("ca"), raw)
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers).status_code


def test_default_variant_passes_or_skips_with_why(certn, client):
    lines = checklist(certn)
    assert {name: line.status for name, line in lines.items()} == {
        "API key accepted": "passed",
        "Packages for ATS use in Certn CA": "passed",
        "Certn webhook points at this hub": "skipped",
        "Webhook signing secret": "passed",
        "Packages the iCIMS stages order exist in Certn": "passed",
        "Reports stay readable from iCIMS": "passed",
    }
    assert certn.webhook_url in lines["Certn webhook points at this hub"].detail
    assert signed_by_emulator(certn, client) == 202
    lines = checklist(certn)
    assert lines["Certn webhook points at this hub"].status == "passed"
    assert "(hex)" in lines["Webhook signing secret"].detail


def test_signs_base64_still_passes(certn, client, sandbox_variant):
    sandbox_variant("certn", "signs_base64")
    assert signed_by_emulator(certn, client) == 202
    assert "(base64)" in checklist(certn)["Webhook signing secret"].detail


def test_unsigned_with_a_secret_set_fails_with_the_fix(certn, client, sandbox_variant):
    sandbox_variant("certn", "unsigned")
    assert signed_by_emulator(certn, client) == 401
    line = checklist(certn)["Webhook signing secret"]
    assert line.status == "failed" and "no signature" in line.detail and "Clear webhook signing secret" in line.fix


def test_unsigned_account_connected_without_a_secret_is_skipped_with_why(emulated, make_connection, sandbox_variant):
    sandbox_variant("certn", "unsigned")
    EMULATOR.seed(step_seconds=0)
    conn = ensure_region_connection("CA")
    line = checklist(conn)["Webhook signing secret"]
    assert line.status == "skipped" and "accepted unsigned" in line.detail


def test_pdf_links_expire_without_a_report_file_field_fails_with_the_fix(certn, sandbox_variant):
    sandbox_variant("certn", "pdf_links_expire_15_min")
    from mappings.screening.models import ScreeningSettings

    ScreeningSettings.objects.update(report_file_field="")
    line = checklist(certn)["Reports stay readable from iCIMS"]
    assert line.status == "failed" and "expire" in line.detail and "report file field" in line.fix


def test_wrong_api_key_fails_with_the_fix(certn):
    certn.credentials = {**certn.credentials, "api_key": "expired"}
    certn.save()
    line = checklist(certn)["API key accepted"]
    assert line.status == "failed" and "365 days" in line.detail and "API keys" in line.fix


def test_no_package_for_ats_use_fails_both_package_lines(certn):
    Package.objects.update(use_in_ats=False)
    lines = checklist(certn)
    assert lines["Packages for ATS use in Certn CA"].status == "failed"
    stages = lines["Packages the iCIMS stages order exist in Certn"]
    assert stages.status == "failed" and "Mark this package for ATS use" in stages.fix


def test_a_tenant_without_the_package_list_is_skipped_with_what_to_check(certn, monkeypatch):
    from integrations.client import NotFound

    def missing(self):
        raise NotFound("HTTP 404 Not found.")

    monkeypatch.setattr("integrations.certn.client.CertnClient.list_packages", missing)
    lines = checklist(certn)
    assert lines["Packages for ATS use in Certn CA"].status == "skipped"
    assert lines["Packages the iCIMS stages order exist in Certn"].status == "skipped"
