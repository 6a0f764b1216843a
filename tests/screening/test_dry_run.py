"""Dry run of "catch up on missed updates": every open case read from Certn, nothing written to
iCIMS or to the links, and the record says what iCIMS would be sent."""

import pytest

from sync.models import Outcome
from tests.dry_runs import dry_run_batch, hub_tables, writes
from tests.screening.helpers import CASE_ID, CASE_URL, CERTN, PERSON, case, certn_fixture, mocked, screen_with_order

pytestmark = pytest.mark.django_db
POLL_FLOW = "screening.poll_cases"


def test_dry_run_of_the_case_poll_says_which_status_would_reach_icims(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("CLIENT_ACTION_REQUIRED"))
        before = hub_tables()
        run = dry_run_batch(POLL_FLOW)
        sent = writes(rsps)
    assert run.status == "succeeded", run.message
    assert sent == [] and screen.latest["bgcorderstatus"] == "In-Progress Candidate"
    assert hub_tables() == before  # the link's fingerprint and data as they were
    [record] = run.records.all()
    assert (record.source_ref, record.outcome) == (f"case {CASE_ID}", Outcome.UPDATED)
    assert record.target_ref == f"{PERSON}/fields/bgcresults/4400"
    body = record.payload["would"]["body"]
    assert (body["bgcorderstatus"], body["bgcresult"]) == ("In-Progress Vendor", "Action required in Certn")


def test_dry_run_does_not_ask_certn_for_a_report(linked):
    with mocked() as rsps:
        screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        generate = rsps.post(f"{CERTN}/api/public/cases/{CASE_ID}/generate-report/", json={}, status=201)
        run = dry_run_batch(POLL_FLOW)
    assert len(generate.calls) == 0
    [record] = run.records.all()
    assert record.message.startswith(f"would POST certn /api/public/cases/{CASE_ID}/generate-report/")
