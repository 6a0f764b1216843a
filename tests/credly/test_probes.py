"""The Credly connection check against the emulator: every line passes or is skipped with a reason
in the default tenant, and in each variant or broken set-up the line that should fail fails with
a fix an admin can follow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.credly.client import CredlyClient
from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import AuthorizationToken, Organization, Template
from integrations.probes import run_probes
from tests.credly.conftest import DjangoTransport

NAMES = [
    "Credentials accepted",
    "Organisation reachable",
    "Token expiry",
    "Event feed answers",
    "Badge read used by the flows",
    "Single-badge read (not relied on)",
    "Webhook URL points at this hub",
    "Badge templates answer",
    "Mapped badge templates are active in Credly",
]


@pytest.fixture
def emulated(client, monkeypatch):
    """Every CredlyClient the probes open reaches the emulator in-process."""
    original = CredlyClient.__init__

    def init(self, connection, **kwargs):
        original(self, connection, **kwargs)
        self.session.mount("http://", DjangoTransport(client))
        self._sleep = lambda seconds: None

    monkeypatch.setattr(CredlyClient, "__init__", init)


@pytest.fixture
def connection(db, make_connection, emulated):
    EMULATOR.seed()
    conn, _, secret = make_connection(
        system="credly",
        slug="credly-sandbox",
        base_url=EMULATOR.base_url(),
        credentials=EMULATOR.credentials(),
        settings=EMULATOR.settings(),
    )
    EMULATOR.register_hub(url=f"{conn.webhook_url}?token={secret}")
    return conn


def lines(conn) -> dict:
    return {line.name: line for line in run_probes(conn)}


def mapped(template_name: str):
    from mappings.badges.models import BadgeMapping

    template = Template.objects.get(name=template_name)
    return BadgeMapping.objects.create(
        badge_template_id=str(template.pk), badge_template_name=template.name, import_as_external_training=True
    )


def test_default_tenant_passes_every_line_or_skips_it_with_the_reason(connection):
    mapped("Cloud Foundations Practitioner")
    found = run_probes(connection)
    assert [line.name for line in found] == NAMES
    assert all(line.status == "passed" for line in found), [(x.name, x.status, x.detail) for x in found]


def test_without_the_single_badge_get_only_its_informational_line_changes(connection, sandbox_variant):
    sandbox_variant("credly", "no_single_badge_endpoint")
    found = lines(connection)
    assert found["Single-badge read (not relied on)"].status == "skipped"
    assert "does not use it" in found["Single-badge read (not relied on)"].detail
    assert found["Badge read used by the flows"].status == "passed"
    assert not [line for line in found.values() if line.status == "failed"]


def test_a_refused_token_fails_the_credentials_line_with_the_way_to_a_new_token(connection):
    connection.credentials = {**connection.credentials, "auth_token": "not-a-token"}
    found = lines(connection)
    assert found["Credentials accepted"].status == "failed"
    assert "Authorization Tokens" in found["Credentials accepted"].fix
    assert found["Organisation reachable"].status == "skipped"


def test_another_organisations_id_fails_the_organisation_line(connection):
    connection.settings = {**connection.settings, "organization_id": "11111111-2222-4333-8444-555555555555"}
    line = lines(connection)["Organisation reachable"]
    assert line.status == "failed" and "Organisation id" in line.fix


@pytest.mark.parametrize(("days", "status"), [(90, "passed"), (5, "failed")])
def test_token_expiry_is_told_and_fails_two_weeks_before(connection, days, status):
    AuthorizationToken.objects.update(expires_at=timezone.now() + timedelta(days=days, hours=1))
    line = lines(connection)["Token expiry"]
    assert line.status == status
    if status == "failed":
        assert f"in {days} day(s)" in line.detail and "create a token" in line.fix


def test_an_expired_token_fails_the_credentials_line_saying_tokens_expire(connection):
    AuthorizationToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    found = lines(connection)
    assert found["Credentials accepted"].status == "failed" and "expired" in found["Credentials accepted"].detail
    assert found["Token expiry"].status == "skipped"


def test_an_oauth_connection_skips_the_token_expiry(connection):
    connection.credentials = {**EMULATOR.oauth_credentials()}
    found = lines(connection)
    assert found["Token expiry"].status == "skipped" and found["Credentials accepted"].status == "passed"


@pytest.mark.parametrize(
    ("url", "says"),
    [("", "no webhook URL"), ("https://elsewhere.example/hook", "elsewhere.example"), (None, "token")],
)
def test_a_webhook_url_not_pointing_here_with_our_token_fails_with_the_url_to_set(connection, url, says):
    wrong_token = f"{connection.webhook_url}?token=old-secret"
    Organization.objects.update(webhook_url=wrong_token if url is None else url)
    line = lines(connection)["Webhook URL points at this hub"]
    assert line.status == "failed" and says in line.detail
    assert connection.webhook_url in line.fix


def test_badge_read_that_cannot_find_a_listed_badge_fails_with_what_to_ask_credly(connection, monkeypatch):
    monkeypatch.setattr(CredlyClient, "find_badge", lambda self, badge_id, recipient_email: None)
    line = lines(connection)["Badge read used by the flows"]
    assert line.status == "failed" and "Credly support" in line.fix


def test_no_badge_yet_skips_the_badge_reads(connection):
    from integrations.credly.sandbox.models import IssuedBadge

    IssuedBadge.objects.all().delete()
    found = lines(connection)
    assert found["Badge read used by the flows"].status == "skipped"
    assert found["Single-badge read (not relied on)"].status == "skipped"


@pytest.mark.parametrize(("change", "says"), [("archive", "archived in Credly"), ("delete", "no longer in Credly")])
def test_a_mapping_whose_template_cannot_issue_fails_naming_it(connection, change, says):
    row = mapped("Customer Care Specialist")
    if change == "archive":
        Template.objects.filter(name="Customer Care Specialist").update(state="archived")
    else:
        row.badge_template_id = "00000000-0000-4000-8000-000000000000"
        row.save()
    line = lines(connection)["Mapped badge templates are active in Credly"]
    assert line.status == "failed" and says in line.detail and "Credly badge mappings" in line.fix


def test_the_mapping_line_is_skipped_when_both_badge_flows_are_off(connection):
    from sync.services.runs import flow_row

    mapped("Cloud Foundations Practitioner")
    for key in ("badges.docebo_to_credly", "badges.credly_to_docebo"):
        row = flow_row(key)
        row.enabled = False
        row.save()
    line = lines(connection)["Mapped badge templates are active in Credly"]
    assert line.status == "skipped" and "off" in line.detail
