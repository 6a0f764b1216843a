"""Compliance drift: Compare maps Credentially through the field mapping as the sync-back does and
reads the ATS's fields; a differing field is found with Credentially as the right side, and Fix
runs the sync-back writer, which PATCHes the drifted object once."""

import json

import pytest
import responses

from sync.models import DifferenceStatus, DriftReport
from sync.services.drift import differences_fix
from tests.compliance.conftest import PERSON, mock_credentially_reads, mock_icims_writes, run_sync_back, writes
from tests.drift.helpers import run_until_done

pytestmark = pytest.mark.django_db
FIELD = "credentiallycompliancestatus"


def _written(http) -> dict:
    values = {}
    for call in writes(http, "PATCH", PERSON.split("icims.test")[1]):
        values.update(json.loads(call.request.body))
    return values


def _ats_holds(http, values: dict) -> None:
    http.upsert(responses.GET, PERSON, json=values)


def _compare() -> DriftReport:
    from sync.services.drift import drift_compare_start

    return DriftReport.objects.get(run=run_until_done(drift_compare_start(connector="compliance")))


def test_ats_field_changed_behind_the_hub_is_found_and_written_back_once(staff, http):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    held = _written(http)
    assert held[FIELD] == "Not compliant"

    _ats_holds(http, held)
    assert _compare().found == 0  # what the sync-back wrote is what the ATS shows: clean

    _ats_holds(http, {**held, FIELD: "Compliant"})
    report = _compare()
    [diff] = report.differences.all()
    assert diff.right_side == "Credentially" and FIELD in diff.subject
    assert "Not compliant" in diff.detail and "Compliant." in diff.detail

    patches = len(writes(http, "PATCH", PERSON.split("icims.test")[1]))
    _, [fix_run] = differences_fix(difference_ids=[diff.pk])
    run_until_done(fix_run)
    calls = writes(http, "PATCH", PERSON.split("icims.test")[1])[patches:]
    assert len(calls) == 1 and json.loads(calls[0].request.body)[FIELD] == "Not compliant"
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FIXED
    assert fix_run.records.filter(action="sync_to_ats", outcome="updated").exists()


def test_an_unreachable_ats_makes_the_fix_fail_and_stay_fixable(staff, http):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    _ats_holds(http, {**_written(http), FIELD: "Compliant"})
    [diff] = _compare().differences.all()
    http.upsert(responses.PATCH, PERSON, status=400, json={"errors": [{"errorMessage": "field is read-only"}]})
    _, [fix_run] = differences_fix(difference_ids=[diff.pk])
    run_until_done(fix_run)
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FAILED and "fix failed" in diff.fix_message
    assert differences_fix(difference_ids=[diff.pk])[0] == 1  # a failed fix can be pressed again
