"""The Credentially connection check against the emulator, in-process, in each of its variants."""

import pytest
import requests

from integrations.credentially.sandbox import EMULATOR
from integrations.credentially.sandbox.http import _buckets
from integrations.probes import run_probes
from tests.contracts.credentially_openapi import RecordingTransport

pytestmark = pytest.mark.django_db
NAMES = [
    "API key accepted",
    "Organisation roles",
    "Custom field for the ATS id",
    "Custom field for the phone",
    "Staff and compliance reads",
    "Webhook event catalogue",
    "Webhook subscription points at this hub",
    "Stage triggers' roles exist in Credentially",
    "Custom fields the REST API can write",
]


@pytest.fixture
def conn(monkeypatch):
    """The demo connection to the emulator (subscribed to its webhooks), its HTTP carried in-process."""
    from demo import credentially as demo
    from integrations.models import Connection
    from integrations.systems import client_class

    def client(self):
        session = requests.Session()
        session.mount("http://", RecordingTransport())
        return client_class(self.system)(self, session=session)

    monkeypatch.setattr(Connection, "client", client)
    _buckets.clear()
    return demo.seed()


def _lines(conn) -> dict:
    lines = run_probes(conn)
    assert [line.name for line in lines] == NAMES
    return {line.name: line for line in lines}


@pytest.mark.parametrize("variant", [None, *EMULATOR.variants])
def test_every_line_passes_or_says_why_not_in_every_variant(conn, sandbox_variant, variant):
    if variant:
        sandbox_variant("credentially", variant)
    lines = _lines(conn)
    assert {n: line.status for n, line in lines.items() if line.status != "passed"} == {
        "Custom field for the phone": "skipped",
        "Stage triggers' roles exist in Credentially": "skipped",
    }
    assert all(line.detail for line in lines.values())
    catalogue = lines["Webhook event catalogue"].detail
    assert ("found by the regular poll" in catalogue) == (variant == "confirmed_events_only")


def test_a_refused_api_key_fails_once_with_the_fix_and_the_rest_is_not_checked(conn):
    conn.credentials = {"api_key": "revoked"}
    lines = _lines(conn)
    key = lines["API key accepted"]
    assert key.status == "failed" and "new API key" in key.fix
    assert {line.status for name, line in lines.items() if name != "API key accepted"} == {"skipped"}


def test_a_missing_subscription_fails_with_how_to_subscribe_again(conn):
    from integrations.credentially.sandbox.models import Subscription

    Subscription.objects.all().delete()
    line = _lines(conn)["Webhook subscription points at this hub"]
    assert line.status == "failed" and conn.webhook_url in line.detail and "Rotate webhook credentials" in line.fix


def test_a_subscription_under_another_name_fails(conn):
    from integrations.credentially.sandbox.models import Subscription

    Subscription.objects.update(webhook_name="someone-else")
    line = _lines(conn)["Webhook subscription points at this hub"]
    assert line.status == "failed" and "someone-else" in line.detail


def test_custom_fields_and_default_role_that_credentially_lacks_fail_with_the_fix(conn):
    conn.settings = {**conn.settings, "external_id_field": "atsId", "phone_field": "mobile", "default_role": "Pilot"}
    lines = _lines(conn)
    assert (
        lines["Custom field for the ATS id"].status == "failed"
        and "'atsId'" in lines["Custom field for the ATS id"].fix
    )
    assert lines["Custom field for the phone"].status == "failed"
    assert lines["Organisation roles"].status == "failed" and "Default role" in lines["Organisation roles"].fix


def test_a_stage_trigger_with_a_role_credentially_lacks_fails(conn, make_connection):
    from mappings.compliance.models import StageTrigger

    icims, _, _ = make_connection(system="icims", slug="icims-probe", credentials={"username": "u", "password": "p"})
    trigger = StageTrigger.objects.create(
        ats_connection=icims, status="C1", status_label="Onboarding", credentially_connection=conn, role_name="Pilot"
    )
    line = _lines(conn)["Stage triggers' roles exist in Credentially"]
    assert line.status == "failed" and "'Onboarding' gives 'Pilot'" in line.detail and "Stage triggers" in line.fix
    StageTrigger.objects.filter(pk=trigger.pk).update(role_name="Registered Nurse")
    assert _lines(conn)["Stage triggers' roles exist in Credentially"].status == "passed"


def test_credentially_down_fails_the_first_line_and_checks_nothing_else(conn, monkeypatch):
    from integrations.client.errors import TransientError
    from integrations.credentially.client import CredentiallyClient

    def down(self):
        raise TransientError("HTTP 503", status=503)

    monkeypatch.setattr(CredentiallyClient, "get_metadata", down)
    lines = _lines(conn)
    assert lines["API key accepted"].status == "failed" and "did not answer" in lines["API key accepted"].detail
    assert {line.status for name, line in lines.items() if name != "API key accepted"} == {"skipped"}
