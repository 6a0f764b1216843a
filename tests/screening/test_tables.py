"""The screening lookup tables: validation, the admin pages and the setup checklist."""

import pytest
import responses
from django.core.exceptions import ValidationError

from mappings.screening.admin import ScreeningSettingsForm
from mappings.screening.models import CertnGroup, CheckPackage, StageOrder
from sync.console.checklist import WAITING
from sync.console.checklists.screening import setup_checklist
from tests.console.helpers import checked, received
from tests.screening.helpers import CERTN, certn_fixture

pytestmark = pytest.mark.django_db


def test_stage_cannot_order_a_package_not_marked_for_ats_use(wiring):
    package = CheckPackage.objects.create(
        certn_package_id="11111111-2222-4333-8444-555555555555", region="CA", name="Internal only", for_ats_use=False
    )
    with pytest.raises(ValidationError, match="Only packages marked for ATS use"):
        StageOrder(settings=wiring["settings"], status_id="C1", package=package).full_clean()


def test_stage_cannot_order_a_package_of_another_region(wiring):
    package = CheckPackage.objects.create(
        certn_package_id="11111111-2222-4333-8444-555555555555", region="UK", name="UK Standard"
    )
    with pytest.raises(ValidationError, match="in Certn UK, but the integration orders from Certn CA"):
        StageOrder(settings=wiring["settings"], status_id="C1", package=package).full_clean()


def test_setup_checklist_ticks_every_step_of_a_complete_setup_once_evidence_arrived(wiring):
    checked(wiring["icims"], "passed")
    checked(wiring["certn"], "passed", [("Packages the iCIMS stages order exist in Certn", "passed", "1 found")])
    received(wiring["icims"], "WorkFlowStatusChangeEvent")
    received(wiring["certn"], "CASE_STATUS_CHANGED")
    steps = setup_checklist()
    assert all(s.done for s in steps), [str(s) for s in steps if not s.done]


def test_setup_checklist_does_not_tick_what_only_iCIMS_and_Certn_can_know(wiring):
    checked(wiring["icims"], "passed")
    checked(wiring["certn"], "passed")
    waiting = {s.title.split(":")[0]: s.detail for s in setup_checklist() if s.state == WAITING}
    assert set(waiting) == {
        "1. Packages of checks in Certn, marked for ATS use, entered here with their id",
        "3. iCIMS sends its status changes here",
        "3. Certn CA sends its webhooks here",
    }
    assert "hand iCIMS the endpoint" in waiting["3. iCIMS sends its status changes here"]
    assert "/hooks/icims-test/" in waiting["3. iCIMS sends its status changes here"]


def test_setup_checklist_says_what_is_missing(wiring):
    CheckPackage.objects.update(for_ats_use=False)
    wiring["certn"].credentials = {"api_key": "ck_test"}
    wiring["certn"].save()
    wiring["settings"].default_group_id = None
    wiring["settings"].save()
    missing = {s.title.split(":")[0]: s.detail for s in setup_checklist() if not s.done}
    assert (
        "No package marked for ATS use"
        in missing["1. Packages of checks in Certn, marked for ATS use, entered here with their id"]
    )
    certn_step = "3. Certn CA connection with an API key and the webhook signing secret"
    assert missing[certn_step] == "Certn: missing webhook_secret."
    assert "No default group chosen" in missing["3. Default group"]


def test_setup_checklist_on_an_empty_hub_points_to_each_first_step(db):
    steps = setup_checklist()
    assert not any(s.done for s in steps)
    assert all(s.fix_url for s in steps[:1])


def test_admin_lists_filter_search_and_the_setup_page_render(admin_client, wiring):
    for url in [
        "/admin/screening/checkpackage/?region=CA&q=Healthcare",
        "/admin/screening/stageorder/?q=C51877",
        "/admin/screening/screeningsettings/?report_url_type=pdf",
        f"/admin/screening/screeningsettings/{wiring['settings'].pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    page = admin_client.get("/admin/screening/screeningsettings/setup/")
    assert page.status_code == 200
    assert b"setup checklist" in page.content and b"Healthcare Standard" in page.content


def test_fetching_groups_reads_certn_and_offers_them_as_the_default_group(
    admin_client, wiring, django_capture_on_commit_callbacks
):
    with responses.RequestsMock() as rsps:
        rsps.get(f"{CERTN}/api/public/groups/", json=certn_fixture("groups"))
        with django_capture_on_commit_callbacks(execute=True):
            answer = admin_client.post(
                "/admin/screening/screeningsettings/",
                {"action": "fetch_groups", "_selected_action": [wiring["settings"].pk]},
            )
    assert answer.status_code == 302
    assert sorted(CertnGroup.objects.values_list("name", flat=True)) == ["Hiring - Nursing", "ICU"]
    page = admin_client.get(f"/admin/screening/screeningsettings/{wiring['settings'].pk}/change/")
    assert b'<option value="7d0f3e2a-1b4c-4d5e-9f6a-8b7c6d5e4f3a">ICU (CG_CA_LM3N8PQ4RT6Z)</option>' in page.content


def test_picking_a_fetched_group_stores_its_name_too(wiring):
    CertnGroup.objects.create(
        certn_connection=wiring["certn"],
        group_id="7d0f3e2a-1b4c-4d5e-9f6a-8b7c6d5e4f3a",
        short_id="CG_CA_LM3N8PQ4RT6Z",
        name="ICU",
    )
    s = wiring["settings"]
    form = ScreeningSettingsForm(
        instance=s,
        data={
            "icims_connection": s.icims_connection_id,
            "certn_connection": s.certn_connection_id,
            "report_url_type": "portal",
            "default_group_id": "7d0f3e2a-1b4c-4d5e-9f6a-8b7c6d5e4f3a",
            "default_group_name": "",
            "notification_email": "",
        },
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (str(saved.default_group_id), saved.default_group_name) == ("7d0f3e2a-1b4c-4d5e-9f6a-8b7c6d5e4f3a", "ICU")


def test_a_region_row_offers_only_its_own_accounts_groups_and_keeps_the_name(wiring, make_connection):
    from mappings.screening.admin_regions import CertnRegionForm
    from mappings.screening.models import CertnRegion

    uk, _, _ = make_connection("certn", slug="certn-uk", region="UK", base_url=CERTN, credentials={"api_key": "k"})
    ca_group = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    CertnGroup.objects.create(certn_connection=wiring["certn"], group_id=ca_group, short_id="CG_CA", name="Nursing CA")
    uk_group = "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"
    CertnGroup.objects.create(certn_connection=uk, group_id=uk_group, short_id="CG_UK", name="Nursing UK")
    assert "default_group_id" in CertnRegionForm().fields  # a new row: no account yet, typed by hand
    assert not hasattr(CertnRegionForm().fields["default_group_id"], "choices")
    row = CertnRegion.objects.create(settings=wiring["settings"], certn_connection=uk)
    offered = dict(CertnRegionForm(instance=row).fields["default_group_id"].choices)
    assert set(offered) == {"", uk_group}
    form = CertnRegionForm(instance=row, data={"certn_connection": uk.pk, "default_group_id": uk_group})
    assert form.is_valid(), form.errors
    assert form.save().default_group_name == "Nursing UK"
