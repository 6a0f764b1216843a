"""The iCIMS connection check against the emulator (in process), in each variant, with the
connectors' lines: mapped fields and screening result fields exist in the tenant's schema."""

import pytest

from demo import icims as demo
from integrations.client.base import ApiClient
from integrations.icims import probes
from integrations.probes import FAILED, PASSED, SKIPPED, run_probes
from mappings.compliance.models import FieldMapping
from mappings.probes import STATUSES as STATUS_LIST
from mappings.screening.models import ScreeningSettings
from sync.flows.compliance.probes import DOCUMENTS, MAPPED
from sync.flows.compliance.probes_batch import NAME as BATCHED_GROUPS
from sync.flows.screening.probes import NAME as SCREENING
from sync.flows.screening.probes import REPORT_FIELD
from sync.flows.screening.probes_jobs import NAME as JOB_PACKAGES
from tests.docebo.adapter import in_process_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """Every client talks to the emulators through Django's test client, as it would over the wire."""
    original = ApiClient.__init__

    def init(self, connection, *, session=None):
        original(self, connection, session=session or in_process_session())

    monkeypatch.setattr(ApiClient, "__init__", init)


def checklist(conn) -> dict:
    return {line.name: line for line in run_probes(conn)}


def statuses(lines: dict) -> dict:
    return {name: line.status for name, line in lines.items()}


def test_default_tenant_passes_every_line_or_says_why_not(db):
    lines = checklist(demo.seed())
    assert statuses(lines) == {
        probes.CREDENTIALS: PASSED,
        probes.TOKEN: SKIPPED,
        probes.SEARCH: PASSED,
        probes.WORKFLOW: PASSED,
        probes.PEOPLE_JOBS: PASSED,
        probes.TARGET: SKIPPED,
        probes.NOTIFY_AUTH: PASSED,
        MAPPED: PASSED,
        DOCUMENTS: PASSED,
        BATCHED_GROUPS: SKIPPED,  # nothing sent with a person update yet
        SCREENING: SKIPPED,
        REPORT_FIELD: SKIPPED,
        JOB_PACKAGES: SKIPPED,
        STATUS_LIST: PASSED,
    }
    assert "Northwind Health" in lines[probes.CREDENTIALS].detail
    assert "no API that shows its Event Notifications" in lines[probes.TARGET].detail
    assert all(line.detail for line in lines.values() if line.status == SKIPPED)


def test_a_basic_connection_fails_the_credentials_line_when_the_tenant_takes_oauth_only(db, sandbox_variant):
    conn = demo.seed()  # issued Basic credentials
    sandbox_variant("icims", "oauth")
    lines = checklist(conn)
    line = lines[probes.CREDENTIALS]
    assert line.status == FAILED and "basic sign-in" in line.detail
    assert "set 'API sign-in' to oauth" in line.fix
    assert lines[probes.SEARCH].status == SKIPPED and "refused the credentials" in lines[probes.SEARCH].detail


def test_an_oauth_connection_passes_in_the_oauth_variant_and_reports_its_token(db, sandbox_variant):
    sandbox_variant("icims", "oauth")
    conn = demo.seed()  # the tenant handed over OAuth client credentials
    assert "client_id" in conn.credentials and "username" not in conn.credentials
    lines = checklist(conn)
    assert lines[probes.CREDENTIALS].status == PASSED and "(oauth)" in lines[probes.CREDENTIALS].detail
    assert lines[probes.TOKEN].status == PASSED and "renews it" in lines[probes.TOKEN].detail
    assert lines[probes.WORKFLOW].status == PASSED


def test_hmac_variant_passes_with_the_key_and_a_connection_with_no_way_in_fails(db, sandbox_variant):
    sandbox_variant("icims", "hmac")
    conn = demo.seed()
    assert checklist(conn)[probes.NOTIFY_AUTH].detail.endswith("Basic and HMAC are accepted.")
    conn.credentials = {k: v for k, v in conn.credentials.items() if k != "webhook_hmac_key"}
    conn.webhook_secret_hash = ""
    conn.save()
    line = checklist(conn)[probes.NOTIFY_AUTH]
    assert line.status == FAILED and "Event notification HMAC key" in line.fix


def test_wrong_customer_id_fails_with_where_to_find_it(db):
    conn = demo.seed()
    conn.settings = {**conn.settings, "customer_id": "9999"}
    conn.save()
    line = checklist(conn)[probes.CREDENTIALS]
    assert line.status == FAILED and "customer id" in line.fix


def test_a_mapping_row_naming_a_field_the_tenant_lacks_fails_naming_the_row(db):
    conn = demo.seed()
    row = FieldMapping.objects.create(ats_connection=conn, credentially_field="birthDate", ats_field="field99999")
    lines = checklist(conn)
    line = lines[f"{MAPPED}: field99999"]
    assert line.status == FAILED and f"#{row.pk}" in line.detail and "field99999" in line.detail
    assert "Field mappings" in line.fix and "switch the row off" in line.fix
    assert MAPPED not in lines  # the rows that exist are not listed one by one


def test_document_settings_naming_a_missing_collection_fail(db):
    conn = demo.seed()
    conn.settings = {**conn.settings, "documents_collection": "field77777"}
    conn.save()
    line = checklist(conn)[DOCUMENTS]
    assert line.status == FAILED and "field77777" in line.detail


@pytest.fixture
def screening(make_connection):
    conn = demo.seed()
    certn, _, _ = make_connection("certn", slug="certn-ca", region="CA", credentials={"api_key": "k"})
    ScreeningSettings.objects.create(icims_connection=conn, certn_connection=certn, report_file_field="field60102")
    return conn


def test_screening_result_fields_are_checked_with_their_columns(screening):
    lines = checklist(screening)
    assert (lines[SCREENING].status, lines[REPORT_FIELD].status) == (PASSED, PASSED)
    screening.settings = {**screening.settings, "screening_collection": "bgcvendorresults"}
    screening.save()
    line = checklist(screening)[SCREENING]
    assert line.status == FAILED and "bgcvendorresults" in line.detail and "Screening results field" in line.fix


def test_a_report_file_field_the_tenant_lacks_fails(screening):
    ScreeningSettings.objects.update(report_file_field="field12345")
    line = checklist(screening)[REPORT_FIELD]
    assert line.status == FAILED and "field12345" in line.detail and "report file field" in line.fix
