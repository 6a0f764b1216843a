"""The admin's requests about a check (Refresh, Cancel, Order again), carried out by the requests flow
with Certn and iCIMS mocked by `responses`."""

import json

import pytest
from django.core.exceptions import ValidationError

from mappings.screening.check_services import case_request_create
from mappings.screening.models import BackgroundCheck, CaseRequest, RequestAction, RequestStatus
from sync.flows.screening.requests import REQUESTS_FLOW
from sync.flows.screening.services import case_requests_submit
from sync.flows.screening.status import check_record, screening_state
from sync.models import Link, Outcome, Record
from sync.services.links import fingerprint
from sync.services.runs import flow_row, records_replay
from tests.screening.helpers import CASE_ID, CASE_URL, CERTN, case, certn_fixture, mocked, screen_with_order

pytestmark = pytest.mark.django_db
CANCEL_URL = f"{CERTN}/api/public/cases/{CASE_ID}/cancel/"
NEW_CASE = "1f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa11"


@pytest.fixture
def check(linked) -> BackgroundCheck:
    state = screening_state(case("APPLICANT_INVITED"))
    Link.objects.filter(pk=linked.pk).update(data={**linked.data, **state}, fingerprint=fingerprint(state))
    linked.refresh_from_db()
    return check_record(linked)


def ask(check, action, reason="", *, user=None, capture):
    with capture(execute=True):
        out = case_requests_submit(checks=[check], action=action, reason=reason, user=user)
    return out


def request_of(action) -> CaseRequest:
    return CaseRequest.objects.get(action=action)


def test_refresh_writes_to_icims_even_when_nothing_seems_changed(check, django_capture_on_commit_callbacks):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        screen.latest["bgcorderstatus"] = "Complete"  # edited by hand in iCIMS
        rsps.get(CASE_URL, json=case("APPLICANT_INVITED"))
        ask(check, RequestAction.REFRESH, capture=django_capture_on_commit_callbacks)
    assert screen.latest["bgcorderstatus"] == "In-Progress Candidate"
    done = request_of(RequestAction.REFRESH)
    assert done.status == RequestStatus.DONE and "iCIMS shows In-Progress Candidate" in done.message
    assert Record.objects.get(action="update_icims").outcome == Outcome.UPDATED


def test_cancel_posts_to_certn_then_icims_shows_incomplete(check, django_capture_on_commit_callbacks, admin_user):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("APPLICANT_INVITED"))
        rsps.get(CASE_URL, json=case("CANCELLED"))
        cancel = rsps.post(CANCEL_URL, json=case("CANCELLED"))
        ask(check, RequestAction.CANCEL, "Withdrew", user=admin_user, capture=django_capture_on_commit_callbacks)
    assert cancel.call_count == 1 and json.loads(cancel.calls[0].request.body) == {}
    assert (screen.latest["bgcorderstatus"], screen.latest["bgcresult"]) == ("Incomplete", "Cancelled")
    done = request_of(RequestAction.CANCEL)
    assert (done.status, done.reason, done.requested_by) == (RequestStatus.DONE, "Withdrew", admin_user)
    check.refresh_from_db()
    assert (check.certn_status, check.open, check.can_order_again) == ("CANCELLED", False, True)


def test_cancel_refused_by_certn_fails_in_plain_words_and_replays(check, django_capture_on_commit_callbacks):
    refusal = {"type": "validation_error", "errors": [{"detail": "Case cannot be cancelled now.", "attr": None}]}
    with mocked() as rsps:
        screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        rsps.post(CANCEL_URL, json=refusal, status=400)
        ask(check, RequestAction.CANCEL, "Duplicate", capture=django_capture_on_commit_callbacks)
    failed = request_of(RequestAction.CANCEL)
    assert failed.status == RequestStatus.FAILED and "Case cannot be cancelled now." in failed.message
    record = Record.objects.get(action="cancel", outcome=Outcome.FAILED)
    with mocked() as rsps:
        screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        rsps.get(CASE_URL, json=case("CANCELLED"))
        rsps.post(CANCEL_URL, json={})
        with django_capture_on_commit_callbacks(execute=True):
            records_replay(record_ids=[record.pk])
    assert request_of(RequestAction.CANCEL).status == RequestStatus.DONE


def test_requests_that_do_not_fit_the_check_are_refused_at_once(check):
    with pytest.raises(ValidationError, match="only a cancelled, expired or undeliverable case"):
        case_request_create(check=check, action=RequestAction.ORDER_AGAIN, reason="again")
    with pytest.raises(ValidationError, match="Say why"):
        case_request_create(check=check, action=RequestAction.CANCEL, reason=" ")
    BackgroundCheck.objects.filter(pk=check.pk).update(certn_status="COMPLETE")
    check.refresh_from_db()
    with pytest.raises(ValidationError, match="only an open case can be cancelled"):
        case_request_create(check=check, action=RequestAction.CANCEL, reason="late")


def test_order_again_orders_the_same_package_and_keeps_the_old_case_aside(check, django_capture_on_commit_callbacks):
    BackgroundCheck.objects.filter(pk=check.pk).update(certn_status="APPLICANT_EXPIRED")
    check.refresh_from_db()
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("APPLICANT_EXPIRED"))
        order = rsps.post(
            f"{CERTN}/api/public/cases/order-package/", json={**certn_fixture("case_ordered"), "id": NEW_CASE}
        )
        ask(check, RequestAction.ORDER_AGAIN, "Back from leave", capture=django_capture_on_commit_callbacks)
    assert order.call_count == 1
    done = request_of(RequestAction.ORDER_AGAIN)
    assert done.status == RequestStatus.DONE and done.new_check.case_id == NEW_CASE
    assert (done.new_check.replaces, done.new_check.package_source) == (check, "again")
    old, new = Link.objects.get(target_id=CASE_ID), Link.objects.get(target_id=NEW_CASE)
    assert old.source_id == f"{new.source_id}#{CASE_ID}"
    assert {g["bgcorderid"]: g["bgcorderstatus"] for g in screen.groups} == {
        CASE_ID: "Incomplete",
        NEW_CASE: "In-Progress Candidate",
    }
    with pytest.raises(ValidationError, match="ordered again already"):
        case_request_create(check=BackgroundCheck.objects.get(pk=check.pk), action="order_again", reason="twice")


def test_order_again_of_a_case_certn_reopened_is_not_made(check, django_capture_on_commit_callbacks):
    BackgroundCheck.objects.filter(pk=check.pk).update(certn_status="CANCELLED")
    check.refresh_from_db()
    with mocked() as rsps:  # no order-package mocked: an order would fail the test
        screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        ask(check, RequestAction.ORDER_AGAIN, "again", capture=django_capture_on_commit_callbacks)
    failed = request_of(RequestAction.ORDER_AGAIN)
    assert failed.status == RequestStatus.FAILED and "the case is IN_PROGRESS in Certn" in failed.message


def test_with_the_flow_off_the_request_waits_and_the_admin_is_told(check):
    flow = flow_row(REQUESTS_FLOW)
    flow.enabled = False
    flow.save()
    out = case_requests_submit(checks=[check], action=RequestAction.REFRESH)
    assert len(out.made) == 1 and "Switch it on in Sync > Flows" in out.waiting
    assert request_of(RequestAction.REFRESH).status == RequestStatus.PENDING
