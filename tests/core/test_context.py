"""The run context a handler gets: what it records and how it is counted."""

import pytest

from sync.models import Outcome, Record, Run, Trigger
from sync.services.context import RunContext
from sync.services.runs import flow_row

pytestmark = pytest.mark.django_db


def test_skip_records_the_reason_and_counts_as_skipped(flow):
    run = Run.objects.create(flow=flow_row("test.flow"), trigger=Trigger.MANUAL)
    ctx = RunContext(run, flow_row("test.flow").definition)
    ctx.skip("nothing to do for this one", source_ref="item-1", action="copy", target_ref="t-1", payload={"i": 1})
    ctx.flush()
    run.refresh_from_db()
    record = Record.objects.get(run=run)
    assert (run.skipped, run.failed) == (1, 0)
    assert (record.outcome, record.message, record.source_ref, record.action) == (
        Outcome.SKIPPED,
        "nothing to do for this one",
        "item-1",
        "copy",
    )
    assert (record.target_ref, record.payload) == ("t-1", {"i": 1})
