import pytest

from mappings.screening.models import CheckPackage, ReportUrlType, ScreeningSettings, StageOrder
from tests.screening.helpers import CERTN, GROUP_ID, ICIMS, PACKAGE_ID, STAGE


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
        default_group_id=GROUP_ID,
        notification_email="screening-ops@example.org",
    )
    StageOrder.objects.create(
        settings=settings, status_id=STAGE, status_name="Offer - Background Check", package=package
    )
    return {"icims": icims, "certn": certn, "package": package, "settings": settings}
