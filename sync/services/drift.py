"""Drift reports: start a compare, keep what it found, queue fixes and settle them.

A compare and a fix are runs of the connector's two drift flows (sync/flows/drift.py), so they
are queued, leased, resumed by the sweep and shown with progress like every other run.
"""

from django.db import transaction
from django.utils import timezone

from sync.models import Difference, DifferenceStatus, DriftReport, Run, Trigger
from sync.services.runs import run_enqueue, run_request

FIXABLE = (DifferenceStatus.OPEN, DifferenceStatus.FAILED)


def compare_key(connector: str) -> str:
    return f"{connector}.drift_compare"


def fix_key(connector: str) -> str:
    return f"{connector}.drift_fix"


def drift_compare_start(*, connector: str, trigger: str = Trigger.MANUAL) -> Run:
    """Queue a compare of one connector (raises FlowNotRunnable, with why, when one is under way)."""
    return run_enqueue(flow_key=compare_key(connector), trigger=trigger)


def drift_report_open(*, run: Run, connector: str) -> DriftReport:
    """The report of a compare run; a compare resumed after a crash starts its list again."""
    report, created = DriftReport.objects.get_or_create(run=run, defaults={"connector": connector})
    if not created:
        report.differences.all().delete()
    return report


def difference_add(*, report: DriftReport, finding) -> Difference:
    return Difference.objects.create(
        report=report,
        kind=finding.kind,
        subject=finding.subject[:255],
        detail=finding.detail,
        right_side=finding.right_side,
        fix=finding.fix[:300],
        data=finding.data,
    )


def drift_report_close(*, report: DriftReport, compared: int) -> DriftReport:
    report.compared, report.finished_at = compared, timezone.now()
    report.found = report.differences.count()
    DriftReport.objects.filter(pk=report.pk).update(
        compared=report.compared, found=report.found, finished_at=report.finished_at
    )
    return report


def differences_fix(*, difference_ids: list[int]) -> tuple[int, list[Run]]:
    """Queue the fix of these differences: one fix run per connector, never inside the request.

    The fix run takes every difference marked queued, so a Fix pressed while one runs is taken
    by that run going once more (run_request). Differences with no fix are left alone.
    """
    queued: dict[str, int] = {}
    with transaction.atomic():
        rows = Difference.objects.filter(pk__in=difference_ids, status__in=FIXABLE).exclude(fix="")
        for diff in rows.select_related("report"):
            queued[diff.report.connector] = queued.get(diff.report.connector, 0) + 1
        rows.update(status=DifferenceStatus.QUEUED, fix_message="")
    runs = [run_request(flow_key=fix_key(connector), trigger=Trigger.MANUAL) for connector in queued]
    return sum(queued.values()), runs


def difference_settle(*, difference: Difference, run: Run, ok: bool, message: str = "") -> None:
    status = DifferenceStatus.FIXED if ok else DifferenceStatus.FAILED
    Difference.objects.filter(pk=difference.pk).update(status=status, fix_run=run, fix_message=message)


def staff_hashes_forget(*, staff, keys: list[str]) -> None:
    """Forget what the sync-back last wrote for these objects, so its next pass writes them again:
    the ATS was changed behind the hub's back, and the content hash alone would say 'unchanged'."""
    from mappings.compliance.models import StaffRecord

    staff.written_hashes = {k: v for k, v in staff.written_hashes.items() if k not in keys}
    StaffRecord.objects.filter(pk=staff.pk).update(written_hashes=staff.written_hashes)


def link_fingerprint_forget(*, link) -> None:
    """Forget what a link says was last written, so its writer writes again (same reason as above)."""
    from sync.models import Link

    link.fingerprint = ""
    Link.objects.filter(pk=link.pk).update(fingerprint="")
