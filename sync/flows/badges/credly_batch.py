"""Batch Credly -> Docebo (seed: "Batch Sync - Credly to Docebo", "Credly badge retrieval"):
every active mapping's badges issued since BATCH_SYNC_START_DATE, through the same handler as
the webhooks. Users are read once per run (bulk), never one look-up per badge. Resumable:
the checkpoint holds the template list and the index of the next one; links make a template
processed twice harmless.
"""

from integrations.credly.events import BADGE_CREATED
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.credly_events import handle_badge
from sync.flows.badges.lookups import BulkLookups


def batch(ctx) -> bool:
    clients = BadgeClients(ctx)
    lookups = BulkLookups(clients)
    cp = ctx.checkpoint
    if "templates" not in cp:
        cp["templates"], cp["template_index"] = selectors.inbound_template_ids(), 0
    templates = cp["templates"]
    ctx.progress(total=len(templates), done=cp["template_index"])
    since = badge_settings().batch_sync_start_date
    while cp["template_index"] < len(templates):
        template_id = templates[cp["template_index"]]
        for badge in clients.credly.list_badges(template_id=template_id, issued_since=since):
            ctx.read()
            ctx.entity(
                source_ref=f"badge:{badge['id']}",
                action="import_badge",
                payload={"event_type": BADGE_CREATED, "badge": badge},
                fn=lambda b=badge: handle_badge(ctx, clients, lookups, b),
            )
        clients.count_calls()
        ctx.progress(done=cp["template_index"] + 1)
        ctx.save_checkpoint(template_index=cp["template_index"] + 1)
        if ctx.should_yield():
            return True
    return False
