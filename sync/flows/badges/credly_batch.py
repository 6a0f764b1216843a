"""Batch Credly -> Docebo (seed: "Batch Sync - Credly to Docebo", "Credly badge retrieval"):
every active mapping's badges issued since BATCH_SYNC_START_DATE, through the same handler as
the webhooks. Users are read once per run (bulk), never one look-up per badge. A run limited to
one learner (scope.py) lists only the badges issued to their e-mail. Resumable:
the checkpoint holds the template list and the index of the next one; links make a template
processed twice harmless.
"""

from integrations.credly.events import BADGE_CREATED
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.credly_events import handle_badge
from sync.flows.badges.lookups import BulkLookups, LiveLookups
from sync.flows.badges.scope import docebo_learner, run_scope


def batch(ctx) -> bool:
    clients = BadgeClients(ctx)
    scope = run_scope(ctx)
    lookups = LiveLookups(clients) if scope.learner else BulkLookups(clients)
    cp = ctx.checkpoint
    if not scope.whole:
        cp.setdefault("scope", scope.label)  # shown on the run's page (Checkpoint)
    if "templates" not in cp:
        cp["templates"], cp["template_index"] = selectors.inbound_template_ids(), 0
        cp["email"] = _learner_email(ctx, clients, scope) if not scope.whole else None
        if not scope.whole and not cp["email"]:
            cp["templates"] = []  # nobody to resync (recorded why)
    templates = cp["templates"]
    ctx.progress(total=len(templates), done=cp["template_index"])
    since = badge_settings().batch_sync_start_date
    while cp["template_index"] < len(templates):
        template_id = templates[cp["template_index"]]
        badges = clients.credly.list_badges(template_id=template_id, issued_since=since, recipient_email=cp["email"])
        for badge in badges:
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


def _learner_email(ctx, clients, scope) -> str | None:
    """The e-mail of the one learner a run is limited to: as given, or the Docebo user's."""
    if scope.course is not None:
        ctx.skip(
            "Credly -> Docebo cannot be limited to a course (Credly badges name no Docebo course): "
            "resync a learner here, or the course on the Docebo -> Credly flow",
            source_ref=f"course:{scope.course}",
            action="resync",
        )
        return None
    if "@" in scope.learner:
        return scope.learner.lower()
    learner = docebo_learner(ctx, clients, scope)
    return learner.email if learner else None
