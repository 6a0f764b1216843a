"""The flow list's "Dry run" action, beside Run now: queued for a worker, never run in the request;
and how the run list and the record pages tell a dry run (named under its flow, no Retry button).

Kept out of flows.py as a mixin so the flow admin gains it with one base class. Its permission is
`sync.dry_run_flow`: Integration admins and Mapping editors hold it (a dry run writes nothing, and
mapping editors are the ones who check a mapping change against real data).
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sync.models import Outcome, Record, Run
from sync.services.dry_run import dry_run_enqueue
from sync.services.runs import FlowNotRunnable


class DryRunAction:
    """Mixin for the Flow admin: the `dry_run` action and its permission."""

    @admin.action(
        description="Dry run (reads both systems, writes nothing; queued for a worker)", permissions=["dry_run"]
    )
    def dry_run(self, request, queryset):
        queued, refused = [], []
        for flow in queryset:
            try:
                queued.append(dry_run_enqueue(flow_key=flow.key, requested_by=request.user.get_username()))
            except FlowNotRunnable as exc:
                refused.append(f"{flow.name}: {exc}")
        if queued:
            page = f"{self.admin_site.name}:sync_run_change"
            links = format_html_join(
                ", ", "<a href='{}'>#{} {}</a>", ((reverse(page, args=[r.pk]), r.pk, r.flow.name) for r in queued)
            )
            self.message_user(
                request,
                format_html(
                    "{} dry run(s) queued: {}. Their records say what each entity would have had done; "
                    "nothing is written to any system.",
                    len(queued),
                    links,
                ),
            )
        for line in refused:
            self.message_user(request, f"No dry run of {line}", level=messages.WARNING)

    def has_dry_run_permission(self, request):
        return request.user.has_perm("sync.dry_run_flow")


def trigger_or_dry(run: Run) -> str:
    """What started the run, as the run list shows it under the flow: a dry run is always started
    by hand, so it says "Dry run" there (no column of its own: the list must fit a laptop's width)."""
    return "Dry run" if run.dry else run.get_trigger_display()


def retryable(record: Record) -> bool:
    """A failed record gets a Retry button, unless a dry run made it: a retry would write."""
    return record.outcome == Outcome.FAILED and not record.run.dry
