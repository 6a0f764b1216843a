"""The iCIMS <-> Credentially setup checklist: each row's evidence rule."""

import pytest

from integrations.credentially.probes import LATER
from mappings.compliance.models import Direction, FieldMapping, StageTrigger
from sync.console.checklist import DONE, TODO, WAITING
from sync.console.checklists import compliance
from sync.console.evidence import Evidence
from sync.flows.compliance.probes import MAPPED
from sync.flows.compliance.probes_credentially import NAME as ROLES
from sync.flows.compliance.sync_back import FLOW_KEY as SYNC_BACK
from sync.models import RunStatus
from sync.services.links import link_save
from tests.console.helpers import checked, ran, received

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_connection):
    icims, _, _ = make_connection("icims", slug="icims-test", settings={"customer_id": "1"})
    cred, _, _ = make_connection("credentially", slug="cred-test", credentials={"api_key": "k"})
    return icims, cred


@pytest.fixture
def trigger(pair):
    icims, cred = pair
    return StageTrigger.objects.create(
        ats_connection=icims,
        status="C51877",
        status_label="Offer accepted",
        credentially_connection=cred,
        role_name="Nurse",
    )


def rows() -> dict:
    return {r.title.split(".")[0]: r for r in compliance.rows(Evidence())}


def test_stage_triggers_tick_on_the_role_check_or_a_staff_member_created(trigger, pair):
    _, cred = pair
    row = rows()["3"]
    assert row.state == TODO and "Offer accepted -> Nurse" in row.detail and "Not confirmed yet" in row.detail
    checked(cred, "failed", [(ROLES, "failed", "Credentially would refuse these new staff members.", "Fix the role.")])
    assert rows()["3"].state == TODO and "Fix the role." in rows()["3"].detail
    checked(cred, "passed", [(ROLES, "passed", "1 trigger(s)")])
    assert rows()["3"].state == DONE


def test_a_staff_member_created_from_a_stage_is_evidence_for_the_triggers(trigger):
    link_save(
        flow_key="compliance.staff_from_ats",
        object_type="staff",
        source_system="icims",
        source_id="p-1",
        target_system="credentially",
        target_id="42",
        origin="crosswalk",
    )
    assert rows()["3"].state == DONE and "Last staff member created" in rows()["3"].detail


def test_no_trigger_is_to_do(pair):
    assert rows()["3"].state == TODO and rows()["3"].fix_url == "/admin/compliance/stagetrigger/"


def test_field_mapping_ticks_on_the_icims_field_check_or_a_sync_back_that_wrote(pair):
    icims, _ = pair
    assert FieldMapping.objects.filter(is_active=True, direction=Direction.TO_ATS).exists()  # the standard rows
    assert rows()["4"].state == TODO and "not confirmed against iCIMS" in rows()["4"].detail
    ran(SYNC_BACK, RunStatus.SUCCEEDED, updated=0)  # a run that wrote nothing proves nothing
    assert rows()["4"].state == TODO
    ran(SYNC_BACK, RunStatus.SUCCEEDED, updated=3)
    assert rows()["4"].state == DONE and "the sync-back last wrote to iCIMS" in rows()["4"].detail
    checked(icims, "failed", [(f"{MAPPED}: field9999", "failed", "iCIMS has no field9999.", "Pick a field.")])
    assert rows()["4"].state == TODO and rows()["4"].detail == "iCIMS has no field9999. Pick a field."


def test_no_active_field_mapping_is_to_do(pair):
    FieldMapping.objects.update(is_active=False)
    assert rows()["4"].state == TODO and "No active row" in rows()["4"].detail


def test_notifications_are_not_seen_yet_until_each_system_sent_one(pair):
    icims, cred = pair
    found = rows()
    assert (found["5"].state, found["6"].state) == (WAITING, WAITING)
    assert icims.webhook_url in found["5"].detail
    received(icims, "WorkFlowStatusChangeEvent")
    checked(cred, "passed", [(LATER[5], "passed", f"{cred.webhook_url} receives PROFILE_UPDATED")])
    found = rows()
    assert (found["5"].state, found["6"].state) == (DONE, DONE)


def test_a_credentially_subscription_the_check_could_not_find_is_to_do(pair):
    _, cred = pair
    checked(cred, "failed", [(LATER[5], "failed", "No subscription calls the hub.", "Rotate the webhook credentials.")])
    assert rows()["6"].state == TODO and "Rotate" in rows()["6"].detail
