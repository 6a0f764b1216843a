"""Phase 1 triggers: the ATS's stage-change event, or polling the ATS where it cannot call us."""

from datetime import timedelta

from integrations.client import PermanentError
from integrations.models import Connection
from integrations.webhooks import PayloadError
from mappings.compliance.models.lookups import ATS_SYSTEMS
from mappings.compliance.selectors import trigger_statuses
from mappings.compliance.services import ats_budget_check, poll_due, poll_last
from sync.flows.compliance.ats import adapter_for
from sync.flows.compliance.link_by_hand import LINK_BY_HAND, on_link_event
from sync.flows.compliance.staff_creation import ACTION, FLOW_KEY, handle_stage_change
from sync.models import Outcome, Trigger

# Search results and `updateddate` are minute-grained and may lag: look back a little further.
POLL_OVERLAP = timedelta(minutes=5)


def on_ats_event(ctx, event) -> None:
    """The flow's events: a stage change, or an admin's link by hand."""
    if event.event_type == LINK_BY_HAND:
        on_link_event(ctx, event)
    else:
        on_stage_event(ctx, event)


def on_stage_event(ctx, event) -> None:
    """A webhook is a hint: the event says which workflow moved; its stage is read from the ATS."""
    adapter = adapter_for(event.connection)
    ref = event.external_id or str(event.pk)
    try:
        hinted = adapter.stage_change_from_event(event.payload)
    except PayloadError as exc:
        ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.FAILED, message=f"the event cannot be read: {exc}")
        return
    if not trigger_statuses(ats_connection=event.connection):
        # Other connectors (Certn) subscribe to the same event: an account without triggers costs no call.
        ctx.skip("this ATS account has no Credentially stage triggers", source_ref=ref, action=ACTION)
        return
    try:
        change = adapter.stage_change_current(hinted)
    except PermanentError as exc:
        ctx.record(
            source_ref=ref, action=ACTION, outcome=Outcome.FAILED, message=f"the ATS could not be read again: {exc}"
        )
        return
    finally:
        adapter.spend()
    ctx.read()
    handle_stage_change(ctx, event.connection, change, adapter)


def poll_stages(ctx) -> bool:
    """Each ATS account with stage triggers and `stage_poll_minutes` set, at its own interval.

    A scheduled run polls only the accounts whose interval has passed; Run now polls them all.
    """
    force = ctx.run.trigger != Trigger.SCHEDULE
    for conn in Connection.objects.filter(system__in=ATS_SYSTEMS, enabled=True).order_by("pk"):
        statuses = trigger_statuses(ats_connection=conn)
        if not statuses:
            continue
        last = poll_last(connection=conn, flow_key=FLOW_KEY)
        minutes = float(conn.setting("stage_poll_minutes") or 0)
        if not poll_due(connection=conn, flow_key=FLOW_KEY, minutes=minutes, force=force):
            continue
        ats_budget_check(connection=conn)
        adapter = adapter_for(conn)
        since = last - POLL_OVERLAP if last else None
        try:
            for change in adapter.stage_changes(statuses=statuses, since=since):
                ctx.read()
                handle_stage_change(ctx, conn, change, adapter)
        finally:
            adapter.spend()
    return False
