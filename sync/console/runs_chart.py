"""Runs per day for the last days, succeeded against failed, as the numbers an inline SVG bar chart
needs (drawn by the dashboard template on the server: no script, no CDN). Each bar links to the runs
list of its day."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from sync.console.checklist import admin_url
from sync.models import Run, RunStatus

DAYS = 14
BAR, GAP, HEIGHT = 34, 10, 120  # px: bar width, space between bars, tallest bar
FAILED = (RunStatus.FAILED, RunStatus.ERRORED)


def runs_chart(*, now=None, days: int = DAYS) -> dict:
    today = timezone.localdate(now)
    first = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    rows = (
        Run.objects.filter(created_at__gte=start, status__in=[RunStatus.SUCCEEDED, *FAILED])
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day", "status")
        .annotate(n=Count("pk"))
    )
    per_day: dict = {}
    for day, status, n in rows:
        ok, bad = per_day.get(day, (0, 0))
        per_day[day] = (ok + n, bad) if status == RunStatus.SUCCEEDED else (ok, bad + n)
    tallest = max((ok + bad for ok, bad in per_day.values()), default=0)
    bars = [
        _bar(i, first + timedelta(days=i), *per_day.get(first + timedelta(days=i), (0, 0)), tallest)
        for i in range(days)
    ]
    return {
        "bars": bars,
        "width": days * (BAR + GAP),
        "height": HEIGHT + 34,
        "baseline": HEIGHT + 4,
        "succeeded": sum(b["succeeded"] for b in bars),
        "failed": sum(b["failed"] for b in bars),
        "tallest": tallest,
        "days": days,
    }


def _bar(index: int, day, succeeded: int, failed: int, tallest: int) -> dict:
    scale = HEIGHT / tallest if tallest else 0
    ok_h, bad_h = round(succeeded * scale), round(failed * scale)
    base = HEIGHT + 4
    x = index * (BAR + GAP) + GAP // 2
    return {
        "day": day,
        "label": f"{day:%d}",
        "x": x,
        "mid": x + BAR // 2,
        "width": BAR,
        "succeeded": succeeded,
        "failed": failed,
        "ok_y": base - ok_h,
        "ok_h": ok_h,
        "bad_y": base - ok_h - bad_h,
        "bad_h": bad_h,
        "label_y": base + 14,
        "url": _runs_url(day),
        "failed_url": _runs_url(day, failed=True),
    }


def _runs_url(day, *, failed: bool = False) -> str:
    since = timezone.make_aware(datetime.combine(day, time.min))
    until = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    query = {"created_at__gte": str(since), "created_at__lt": str(until)}
    if failed:
        query["status__in"] = ",".join(FAILED)
    return admin_url("sync_run_changelist") + "?" + urlencode(query)
