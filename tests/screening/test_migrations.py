"""Upgrading a single-region setup: after `migrate` its settings, stage rows and orders work as before,
and the cases it ordered show as background checks in the admin."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mappings.screening.models import BackgroundCheck, StageOrder
from sync.models import Link, Outcome
from tests.screening.helpers import CASE_ID, STAGE, IcimsScreen, certn_fixture, deliver_stage_change, last, mocked

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("screening", "0003_report_file_field")]
AFTER = [("screening", "0005_background_checks")]
PACKAGE_ID = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_single_region_setup_keeps_ordering_and_its_cases_become_background_checks(make_connection):
    icims, _, _ = make_connection(
        "icims",
        slug="icims-old",
        base_url="https://api.icims.test",
        settings={"customer_id": "7712"},
        credentials={"username": "u", "password": "p"},
    )
    certn, _, _ = make_connection(
        "certn", slug="certn-old", region="CA", base_url="https://api.ca.certn.test", credentials={"api_key": "ck_test"}
    )
    old = migrate(BEFORE)
    package = old.get_model("screening", "CheckPackage").objects.create(
        certn_package_id=PACKAGE_ID, region="CA", name="Healthcare Standard"
    )
    settings = old.get_model("screening", "ScreeningSettings").objects.create(
        icims_connection_id=icims.pk, certn_connection_id=certn.pk
    )
    old.get_model("screening", "StageOrder").objects.create(settings=settings, status_id=STAGE, package=package)
    Link.objects.create(
        flow_key="screening.order_on_stage",
        object_type="screening",
        source_system="icims",
        source_id=f"7712/88000/{PACKAGE_ID}",
        target_system="certn",
        target_id="aaaaaaaa-2b1d-4c55-8d3e-7b2e9c51aa10",
        origin="icims",
        data={
            "icims_connection": icims.pk,
            "certn_connection": certn.pk,
            "workflow_id": "88000",
            "person_id": "20000",
            "region": "CA",
            "certn_status": "IN_PROGRESS",
            "email": "earlier@example.org",
            "package_name": "Healthcare Standard",
            "open": True,
        },
    )

    migrate(AFTER)

    backfilled = BackgroundCheck.objects.get()
    assert (backfilled.email, backfilled.certn_status, backfilled.package.name) == (
        "earlier@example.org",
        "IN_PROGRESS",
        "Healthcare Standard",
    )
    assert StageOrder.objects.get().job_location == ""
    with mocked() as rsps:
        IcimsScreen(rsps)
        rsps.post("https://api.ca.certn.test/api/public/cases/order-package/", json=certn_fixture("case_ordered"))
        deliver_stage_change(icims)
    assert last("order_check").outcome == Outcome.CREATED
    assert Link.objects.get(target_id=CASE_ID).data["certn_connection"] == certn.pk
    assert BackgroundCheck.objects.get(case_id=CASE_ID).package_source == "stage"
