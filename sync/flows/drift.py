"""Drift: each connector's "Compare" and "Fix" as two registered flows.

A connector's `drift.py` calls `register_drift` with its comparer (reads both systems and
reports each disagreement as a `Finding`) and its fixers (one per kind of finding, each calling
the connector's existing write path, so a fix is exactly-once like the flow it borrows from).
The compare flow is scheduled daily by default (its row is made by `setup_schedules`); the
fix flow runs only when an admin presses Fix or Fix all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sync.flows.registry import FlowDefinition, register
from sync.models import Difference, DifferenceStatus
from sync.services import drift as drift_service

DEFAULT_COMPARE_CRON = "30 4 * * *"  # daily, after the nightly batches


@dataclass(frozen=True)
class Finding:
    """One disagreement: what it is about, what each side holds, who is right and what Fix does."""

    kind: str
    subject: str
    detail: str
    right_side: str
    fix: str = ""  # blank: no fix offered (the detail says why)
    data: dict = field(default_factory=dict)


class Tally:
    """What a comparer hands back: how many things it compared and what disagreed."""

    def __init__(self):
        self.compared = 0
        self.findings: list[Finding] = []

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)


def register_drift(
    *,
    connector: str,
    title: str,
    source: str,
    target: str,
    compare: Callable,
    fixers: dict[str, Callable],
    what: str,
) -> None:
    """compare(ctx, tally) -> True when the slice ran out (resume); fixers[kind](ctx, data)."""
    register(
        FlowDefinition(
            key=drift_service.compare_key(connector),
            name=f"Compare: {title}",
            description=f"Reads both systems and lists where they disagree ({what}), with the side that is right "
            "and a Fix for each. Writes nothing. Daily, and on 'Compare' in the drift reports.",
            source=source,
            target=target,
            batch=_compare_batch(connector, compare),
            default_cron=DEFAULT_COMPARE_CRON,
        )
    )
    register(
        FlowDefinition(
            key=drift_service.fix_key(connector),
            name=f"Fix drift: {title}",
            description="Fixes the differences queued from a drift report (Fix, Fix all) through the connector's own "
            "write paths; a record per difference.",
            source=source,
            target=target,
            batch=_fix_batch(connector, fixers),
        )
    )


def _compare_batch(connector: str, compare: Callable) -> Callable:
    def batch(ctx) -> bool:
        report = drift_service.drift_report_open(run=ctx.run, connector=connector)
        tally = Tally()
        if compare(ctx, tally):
            return True  # resumed from the checkpoint; the list is made again then
        for finding in tally.findings:
            drift_service.difference_add(report=report, finding=finding)
        ctx.read(tally.compared)
        drift_service.drift_report_close(report=report, compared=tally.compared)
        return False

    return batch


def _fix_batch(connector: str, fixers: dict[str, Callable]) -> Callable:
    def batch(ctx) -> bool:
        queued = Difference.objects.filter(report__connector=connector, status=DifferenceStatus.QUEUED)
        diffs = list(queued.order_by("pk"))
        ctx.progress(total=ctx.run.progress_done + len(diffs))
        for diff in diffs:
            fixer = fixers[diff.kind]
            ok = ctx.entity(
                source_ref=f"difference {diff.pk}: {diff.subject}",
                action=f"fix_{diff.kind}",
                payload={"difference": diff.pk},
                fn=lambda d=diff, f=fixer: f(ctx, d.data) or True,
            )
            message = "" if ok else "the fix failed: see the fix run's records"
            ctx.flush()  # the fix's records are in before the difference says "Fixed" (fixes are few)
            drift_service.difference_settle(difference=diff, run=ctx.run, ok=bool(ok), message=message)
            ctx.progress(advance=1)
            if ctx.should_yield():
                return True
        return False

    return batch
