"""Runs that refresh themselves: the cells of a run the runs list and the run's page show, and the
small JSON view that a few lines of JavaScript (sync/static/sync/runs_live.js) poll while a run on
the page is queued or running, so progress and counters move without anyone reloading.

A cell is the same text in the page and in the JSON: `cells(run)` is the one place that words them.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.utils.html import format_html

from sync.admin.base import shorten, when
from sync.models import RUN_ACTIVE, Run, RunStatus
from sync.services.explain import PAUSED
from sync.services.runs import not_finished

COUNTERS = ("read", "created", "updated", "skipped", "failed")
MAX_IDS = 200  # a list page shows at most this many runs


def duration(run: Run, now=None) -> str:
    """How long it took, or has taken so far: 0.4 s, 12 s, 3 min 05 s, 2 h 03 min."""
    if run.started_at is None:
        return "-"
    seconds = ((run.finished_at or now or timezone.now()) - run.started_at).total_seconds()
    if seconds < 10:
        return f"{max(seconds, 0):.1f} s"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def progress(run: Run) -> str:
    if run.progress_total:
        text = f"{run.progress_done}/{run.progress_total} ({run.progress_percent}%)"
    else:
        text = str(run.progress_done or "-")
    left = not_finished(run) if run.status in (RunStatus.ERRORED, RunStatus.CANCELLED) else None
    return f"{text}, not finished: {left}" if left else text


def why(run: Run) -> str:
    """Why it stopped, failed or is paused, in words (the whole sentence is on the run's page)."""
    if run.status in (RunStatus.ERRORED, RunStatus.FAILED, RunStatus.CANCELLED):
        return run.message
    if run.status == RunStatus.RUNNING and run.message.startswith(PAUSED):
        return run.message
    return ""


def counts(run: Run) -> str:
    """The counters that are not zero, in one short cell: 40 read, 12 created, 1 failed."""
    return ", ".join(f"{getattr(run, name)} {name}" for name in COUNTERS if getattr(run, name)) or "-"


def cells(run: Run) -> dict[str, str]:
    out = {
        "status": run.get_status_display(),
        "why": shorten(why(run), 110),
        "progress": progress(run),
        "duration": duration(run),
        "counts": counts(run),
        "finished": when(run.finished_at),
    }
    out.update({name: str(getattr(run, name)) for name in COUNTERS})
    return out


def live(run: Run, field: str):
    """A cell the script keeps up to date while the run is active."""
    return format_html(
        "<span data-run='{}' data-field='{}' data-active='{}'>{}</span>",
        run.pk,
        field,
        "1" if run.status in RUN_ACTIVE else "",
        cells(run)[field],
    )


def status_cell(run: Run):
    """Its status, and under it why it stopped, failed or is paused."""
    return format_html("{}<br><small>{}</small>", live(run, "status"), live(run, "why"))


def live_view(model_admin, request):
    """GET ?ids=1,2,3: {"runs": {"1": {"active": true, "cells": {...}}}} for the runs the page shows."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()][:MAX_IDS]
    runs = Run.objects.filter(pk__in=ids)
    payload = {str(run.pk): {"active": run.status in RUN_ACTIVE, "cells": cells(run)} for run in runs}
    return JsonResponse({"runs": payload})
