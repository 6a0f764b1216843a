"""The iCIMS connection check's line on the packages jobs choose, against the iCIMS emulator (in process)."""

import pytest

from demo import icims as demo
from integrations.client.base import ApiClient
from integrations.icims.sandbox.models import Job
from integrations.icims.sandbox.seed import STATUS_OFFER_ACCEPTED
from integrations.probes import FAILED, PASSED, SKIPPED, run_probes
from mappings.screening.models import CheckPackage, ScreeningSettings, StageOrder
from sync.flows.screening.probes_jobs import NAME
from tests.docebo.adapter import in_process_session

pytestmark = pytest.mark.django_db
PACKAGE_ID = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    original = ApiClient.__init__

    def init(self, connection, *, session=None):
        original(self, connection, session=session or in_process_session())

    monkeypatch.setattr(ApiClient, "__init__", init)


@pytest.fixture
def icims(make_connection):
    conn = demo.seed()
    certn, _, _ = make_connection("certn", slug="certn-ca", region="CA", credentials={"api_key": "k"})
    settings = ScreeningSettings.objects.create(icims_connection=conn, certn_connection=certn)
    stage_package = CheckPackage.objects.create(certn_package_id=PACKAGE_ID, region="CA", name="Standard")
    StageOrder.objects.create(settings=settings, status_id=STATUS_OFFER_ACCEPTED, package=stage_package)
    return conn


def line(conn):
    return next(line for line in run_probes(conn) if line.name == NAME)


def test_a_job_naming_an_unknown_package_fails_with_its_id_and_how_to_add_it(icims):
    found = line(icims)  # Amara is at the mapped stage; her job chooses 'Healthcare Standard' (C60001)
    assert found.status == FAILED
    assert "'Healthcare Standard' (C60001)" in found.detail and "stage's package instead" in found.detail
    assert "iCIMS package id" in found.fix


def test_known_job_packages_pass_and_say_what_they_order(icims):
    CheckPackage.objects.create(
        certn_package_id="9e1c2f6e-8a3b-4c1e-9f27-61b0a9d4e813", region="CA", name="Nurses", icims_package_id="C60001"
    )
    found = line(icims)
    assert found.status == PASSED and "'Healthcare Standard' (C60001) -> Nurses, Certn CA" in found.detail


def test_jobs_choosing_nothing_pass_with_the_stage_packages(icims):
    for job in Job.objects.all():
        job.fields = {k: v for k, v in job.fields.items() if k != "bgcpackagetype"}
        job.save()
    found = line(icims)
    assert found.status == PASSED and "none chooses a package" in found.detail


def test_a_tenant_hiding_the_field_is_skipped_with_what_to_ask(icims, monkeypatch):
    monkeypatch.setattr("integrations.icims.client.IcimsClient.get_schema", lambda self, kind: {"properties": {}})
    found = line(icims)
    assert found.status == SKIPPED and "BGCheck Package" in found.detail
