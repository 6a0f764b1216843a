"""Polling for Certn updates a webhook missed: every open case linked to an iCIMS application.

Certn's list filter works on order time, not update time (contract §2.4), so the hub reads the
cases it knows are open (from the links) rather than paging through the account.
"""

from sync.flows.screening.status import ACTION, case_sync
from sync.models import Link


def open_links():
    return Link.objects.filter(object_type="screening", data__open=True).exclude(target_id="").order_by("pk")


def poll_open_cases(ctx) -> bool:
    """Returns True when the time slice ran out (resumed from the checkpoint), False when done."""
    links = open_links().filter(pk__gt=ctx.checkpoint.get("after_link", 0))
    if not ctx.checkpoint:
        ctx.progress(total=links.count(), done=0)
    for link in links.iterator():
        ctx.read()
        ctx.entity(
            source_ref=f"case {link.target_id}",
            action=ACTION,
            payload={"link": link.pk},
            fn=lambda link=link: case_sync(ctx, link),
        )
        ctx.progress(advance=1)
        if ctx.should_yield():
            ctx.save_checkpoint(after_link=link.pk)
            return True
    return False
