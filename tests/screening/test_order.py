"""Ordering a check when iCIMS moves a candidate to a mapped stage (HTTP mocked with `responses`)."""

import json

import pytest
import responses
from django.utils import timezone
from responses import matchers

from sync.models import Link, Notification, Outcome, Record
from sync.services.runs import records_replay
from tests.screening.helpers import (
    CASE_ID,
    CERTN,
    GROUP_ID,
    PACKAGE_ID,
    STAGE,
    IcimsScreen,
    certn_fixture,
    deliver_stage_change,
    icims_fixture,
    icims_job,
    icims_workflow,
)

pytestmark = pytest.mark.django_db
ORDER_URL = f"{CERTN}/api/public/cases/order-package/"


def record(action="order_check") -> Record:
    return Record.objects.filter(action=action).latest("id")


def test_stage_change_orders_the_package_in_the_default_group_and_shows_invited_in_icims(wiring):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        screen = IcimsScreen(rsps)
        rsps.post(
            ORDER_URL,
            json=certn_fixture("case_ordered"),
            status=201,
            match=[matchers.header_matcher({"Authorization": "Api-Key ck_test"})],
        )
        deliver_stage_change(wiring["icims"])
        order = json.loads(next(c for c in rsps.calls if c.request.url == ORDER_URL).request.body)
    assert order == {
        "package": PACKAGE_ID,
        "email_address": "amara.okafor@example.org",
        "send_invite_email": True,
        "group": GROUP_ID,
    }  # no input_claims: Certn refuses applicant data in an invite order (certn.md §2.1)
    link = Link.objects.get(object_type="screening")
    assert (link.source_system, link.target_system, link.target_id, link.origin) == ("icims", "certn", CASE_ID, "icims")
    assert link.data["workflow_id"] == "88431" and link.data["open"] is True
    assert screen.latest["bgcorderstatus"] == "In-Progress Candidate"
    assert screen.latest["bgcorderid"] == CASE_ID and screen.latest["bgcpackage"] == "Healthcare Standard"
    assert record().outcome == Outcome.CREATED and "Registered Nurse - ICU" in record().message


def test_same_stage_event_twice_orders_one_check(wiring):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps)
        rsps.post(ORDER_URL, json=certn_fixture("case_ordered"), status=201)
        deliver_stage_change(wiring["icims"])
        deliver_stage_change(wiring["icims"], dedupe_suffix=":again")  # a duplicate the inbox could not spot
        orders = [c for c in rsps.calls if c.request.url == ORDER_URL]
    assert len(orders) == 1
    assert record().outcome == Outcome.UNCHANGED and "already ordered" in record().message


def test_stage_without_a_mapping_is_skipped_after_reading_only_the_workflow(wiring):
    with responses.RequestsMock() as rsps:  # any other HTTP call would fail the test
        icims_workflow(rsps, status="C9999")
        deliver_stage_change(wiring["icims"], newStatus="C9999")
        assert len(rsps.calls) == 1
    assert record().outcome == Outcome.SKIPPED and "C9999" in record().message
    assert not Link.objects.exists()


def test_an_event_naming_a_mapped_stage_orders_nothing_when_icims_shows_another(wiring):
    """A webhook is a hint: the candidate has moved on (or the body lies); iCIMS's workflow decides."""
    with responses.RequestsMock() as rsps:  # an order would fail the test: no Certn call is mocked
        icims_workflow(rsps, status="C9999")
        deliver_stage_change(wiring["icims"], newStatus=STAGE)
    assert record().outcome == Outcome.SKIPPED
    assert f"the event said {STAGE}, iCIMS now shows C9999" in record().message
    assert not Link.objects.exists()


def test_the_stage_icims_shows_is_ordered_whatever_status_the_event_carried(wiring):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps, status=STAGE)
        rsps.post(ORDER_URL, json=certn_fixture("case_ordered"), status=201)
        deliver_stage_change(wiring["icims"], newStatus="C9999")
    assert record().outcome == Outcome.CREATED
    assert Link.objects.get().data["status_id"] == STAGE


def test_candidate_without_email_fails_with_a_clear_message_then_replays_after_the_fix(
    wiring, django_capture_on_commit_callbacks
):
    person = {k: v for k, v in icims_fixture("api/person").items() if k != "email"}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps, person=person)
        deliver_stage_change(wiring["icims"])
    failed = record()
    assert failed.outcome == Outcome.FAILED and "has no e-mail in iCIMS" in failed.message
    assert not Link.objects.exists()
    assert {n.recipient for n in Notification.objects.all()} == {"screening-ops@example.org"}
    assert any("has no e-mail" in n.line for n in Notification.objects.all())
    # the recruiter added the e-mail; the admin replays
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps)
        rsps.post(ORDER_URL, json=certn_fixture("case_ordered"), status=201)
        with django_capture_on_commit_callbacks(execute=True):
            records_replay(record_ids=[failed.pk])
    assert Link.objects.get().target_id == CASE_ID
    assert Record.objects.get(pk=failed.pk).outcome == Outcome.REPLAYED


def test_certn_refusal_is_recorded_with_certns_message_and_frees_the_claim(wiring):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps)
        rsps.post(ORDER_URL, json=certn_fixture("validation_error"), status=400)
        deliver_stage_change(wiring["icims"])
    failed = record()
    assert failed.outcome == Outcome.FAILED
    assert "package: Package is not enabled for ATS ordering." in failed.message
    assert failed.payload["workflow_id"] == "88431"
    assert not Link.objects.exists()


def test_package_not_marked_for_ats_use_fails_before_calling_certn(wiring):
    wiring["package"].for_ats_use = False
    wiring["package"].save()
    with responses.RequestsMock() as rsps:
        icims_workflow(rsps)
        icims_job(rsps)
        deliver_stage_change(wiring["icims"])
    assert record().outcome == Outcome.FAILED and "not marked for ATS use" in record().message


def test_certn_outage_leaves_the_event_to_retry_and_orders_nothing(wiring, monkeypatch):
    monkeypatch.setattr("integrations.certn.client.CertnClient._sleep", lambda self, s: None)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        IcimsScreen(rsps)
        rsps.post(ORDER_URL, json={"type": "server_error"}, status=503)
        event = deliver_stage_change(wiring["icims"])
    event.refresh_from_db()
    assert event.status == "retrying"
    assert not Link.objects.exists()  # the claim is freed, so the retry can order


def _claim(wiring, **data) -> Link:
    return Link.objects.create(
        flow_key="screening.order_on_stage",
        object_type="screening",
        source_system="icims",
        source_id=f"7712/88431/{PACKAGE_ID}",
        target_system="certn",
        target_id="",
        origin="icims",
        data={"pending": True, **data},
    )


def test_order_in_progress_on_another_worker_is_not_ordered_again(wiring):
    _claim(wiring)
    with responses.RequestsMock() as rsps:  # no call but the workflow's and the job's reads
        icims_workflow(rsps)
        icims_job(rsps)
        deliver_stage_change(wiring["icims"])
    assert record().outcome == Outcome.UNCHANGED


def test_claim_left_by_a_dead_worker_after_ordering_is_finished_without_a_second_order(wiring):
    stale = _claim(
        wiring,
        case_id=CASE_ID,
        certn_connection=wiring["certn"].pk,
        icims_connection=wiring["icims"].pk,
        workflow_id="88431",
        person_id="20411",
        package_name="Healthcare Standard",
        email="a@example.org",
        job_title="Registered Nurse - ICU",
    )
    Link.objects.filter(pk=stale.pk).update(updated_at=stale.updated_at - timezone.timedelta(hours=1))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        screen = IcimsScreen(rsps)
        deliver_stage_change(wiring["icims"])
        assert not any("order-package" in c.request.url for c in rsps.calls)
    assert Link.objects.get().target_id == CASE_ID
    assert screen.latest["bgcorderid"] == CASE_ID
    assert record().outcome == Outcome.CREATED


def test_back_at_the_stage_after_the_case_expired_points_to_order_again(wiring, linked):
    Link.objects.filter(pk=linked.pk).update(data={**linked.data, "certn_status": "APPLICANT_EXPIRED"})
    with responses.RequestsMock() as rsps:  # no order: only the workflow and the job are read
        icims_workflow(rsps)
        icims_job(rsps)
        deliver_stage_change(wiring["icims"])
    assert record().outcome == Outcome.UNCHANGED
    assert "its case is APPLICANT_EXPIRED" in record().message and "'Order again'" in record().message
