"""Screening drift: Compare reads each ordered case from Certn and the order's entry in iCIMS; a
status iCIMS shows that the case does not map to is found with Certn as the right side, and Fix
runs the status writer even though the link says that status was written already."""

import pytest

from sync.flows.screening.status import screening_state
from sync.models import DifferenceStatus, DriftReport, Link
from sync.services.drift import differences_fix, drift_compare_start
from sync.services.links import fingerprint
from tests.drift.helpers import run_until_done
from tests.screening.helpers import CASE_ID, CASE_URL, case, mocked, screen_with_order

pytestmark = pytest.mark.django_db


def _compare() -> DriftReport:
    return DriftReport.objects.get(run=run_until_done(drift_compare_start(connector="screening")))


def test_icims_status_other_than_the_certn_case_is_found_and_rewritten(linked):
    # the hub wrote "In-Progress Vendor" for this case; someone set iCIMS back to "In-Progress Candidate"
    Link.objects.filter(pk=linked.pk).update(fingerprint=fingerprint(screening_state(case("IN_PROGRESS"))))
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        report = _compare()
        [diff] = report.differences.all()
        assert diff.right_side == "Certn" and diff.kind == "screening_status_differs"
        assert "IN_PROGRESS" in diff.detail and "'In-Progress Candidate'" in diff.detail
        assert not [c for c in rsps.calls if c.request.method in ("POST", "PATCH")]  # a compare writes nothing

        _, [fix_run] = differences_fix(difference_ids=[diff.pk])
        run_until_done(fix_run)
        assert [g["bgcorderstatus"] for g in screen.groups if g["bgcorderid"] == CASE_ID] == ["In-Progress Vendor"]
        diff.refresh_from_db()
        assert diff.status == DifferenceStatus.FIXED
        assert fix_run.records.filter(action="update_icims", outcome="updated").exists()
        assert _compare().found == 0


def test_matching_status_is_clean(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        screen.groups[0]["bgcorderstatus"] = "In-Progress Vendor"
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        report = _compare()
    assert (report.found, report.compared) == (0, 1) and "agree" in report.summary
