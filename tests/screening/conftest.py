import pytest

from mappings.screening.models import CheckPackage, ReportUrlType, ScreeningSettings, StageOrder
from sync.flows.screening.order import OBJECT_TYPE, ORDER_FLOW
from sync.services.links import link_save
from tests.screening.helpers import CASE_ID, CERTN, GROUP_ID, ICIMS, PACKAGE_ID, REPORT_FIELD, STAGE


@pytest.fixture
def wiring(make_connection):
    """An iCIMS and a Certn (CA) connection, a package for ATS use, settings and the stage mapping."""
    icims, _, _ = make_connection(
        "icims",
        slug="icims-test",
        base_url=ICIMS,
        settings={"customer_id": "7712"},
        credentials={"username": "api-user", "password": "api-pass"},
    )
    certn, _, _ = make_connection(
        "certn",
        slug="certn-ca",
        region="CA",
        base_url=CERTN,
        credentials={"api_key": "ck_test", "webhook_secret": "whsec"},
    )
    package = CheckPackage.objects.create(
        certn_package_id=PACKAGE_ID, region="CA", name="Healthcare Standard", tags="icims, nursing", for_ats_use=True
    )
    settings = ScreeningSettings.objects.create(
        icims_connection=icims,
        certn_connection=certn,
        report_url_type=ReportUrlType.PDF,
        report_file_field=REPORT_FIELD,
        default_group_id=GROUP_ID,
        notification_email="screening-ops@example.org",
    )
    StageOrder.objects.create(
        settings=settings, status_id=STAGE, status_name="Offer - Background Check", package=package
    )
    return {"icims": icims, "certn": certn, "package": package, "settings": settings}


@pytest.fixture
def linked(wiring):
    data = {
        "icims_connection": wiring["icims"].pk,
        "workflow_id": "88431",
        "person_id": "20411",
        "job_id": "3308",
        "case_id": CASE_ID,
        "certn_connection": wiring["certn"].pk,
        "package_name": "Healthcare Standard",
        "open": True,
    }
    return link_save(
        flow_key=ORDER_FLOW,
        object_type=OBJECT_TYPE,
        source_system="icims",
        source_id=f"7712/88431/{wiring['package'].certn_package_id}",
        target_system="certn",
        target_id=CASE_ID,
        origin="icims",
        data=data,
    )
