"""Credly -> Docebo (seed: "Event Dispatcher - Credly to Docebo", "Process Credly events",
"Create/Update/Delete external training for user", "Create/Update/Delete Certifications for user").

Credly's webhook is a thin envelope with no signature: the event is fetched from Credly's API
first (which proves it genuine), then its badge goes through `handle_badge`, which the batch
also feeds. Links: object "external_training" / "certification_award", Credly badge id ->
Docebo training id / "<certification id>:<user id>", origin credly.
"""

from integrations.credly.events import BADGE_DELETED
from integrations.credly.payloads import LIVE_BADGE_STATES
from mappings.badges import selectors
from sync.flows.badges.common import EARNER_PREFIX, BadgeClients, fetch_credly_event
from sync.flows.badges.credly_certifications import AWARD, sync_certifications
from sync.flows.badges.credly_training import TRAINING, sync_training
from sync.flows.badges.lookups import LiveLookups, tell_missing
from sync.services.links import link_by_target, link_get


def on_event(ctx, event) -> None:
    clients = BadgeClients(ctx)
    detail = fetch_credly_event(ctx, clients, event)
    if detail is None:
        return
    event_type = detail.get("event_type") or event.event_type
    snapshot = detail.get("badge") or {}
    badge = _current(ctx, clients, snapshot, event_type)
    if badge is not None:
        ctx.entity(
            source_ref=f"badge:{badge.get('id')}",
            action=event.event_type,
            payload={"event_type": event_type, "badge": badge},
            fn=lambda: handle_badge(ctx, clients, LiveLookups(clients), badge, deleted=event_type == BADGE_DELETED),
        )
    clients.count_calls()


def on_replay(ctx, payload: dict) -> None:
    """A failed record again: the badge is read afresh; the stored copy only says which one."""
    clients = BadgeClients(ctx)
    event_type = payload.get("event_type") or ""
    badge = _current(ctx, clients, payload.get("badge") or {}, event_type)
    if badge is not None:
        handle_badge(ctx, clients, LiveLookups(clients), badge, deleted=event_type == BADGE_DELETED)


def _current(ctx, clients, snapshot: dict, event_type: str) -> dict | None:
    """The badge to act on, or None (recorded as skipped, why) when Credly's list does not show it.
    A badge.deleted event read from Credly's API is its own proof: the snapshot is all there is."""
    ctx.read()
    if event_type == BADGE_DELETED:
        return snapshot
    badge = current_badge(clients, snapshot)
    if badge is None:
        message = NOT_LISTED.format(id=snapshot.get("id"), email=snapshot.get("recipient_email"))
        ctx.skip(message, source_ref=f"badge:{snapshot.get('id')}", action="import_badge")
    return badge


NOT_LISTED = (
    "Credly's badge list does not show badge {id} for {email!r} (read just now), so nothing was written. "
    "Were it deleted, Credly's badge.deleted event undoes what Crosswalk wrote for it."
)


def current_badge(clients, snapshot: dict) -> dict | None:
    """The badge as Credly holds it now: deliveries come in any order (contract §5.5), so a
    "created" read after its revocation must not import a revoked badge. Read through the
    documented badge list; the undocumented single-badge GET is never asked (§4.3.4), and a badge
    missing from the list is not taken for deleted: only a badge.deleted event says that."""
    if not snapshot.get("id") or not snapshot.get("recipient_email"):
        return None
    return clients.credly.find_badge(snapshot["id"], recipient_email=snapshot["recipient_email"])


def action_of(badge: dict, deleted: bool) -> str | None:
    if deleted or badge.get("state") == "revoked":
        return "revoked"
    if badge.get("replacement_badge_id"):
        return None  # the old half of a replacement: handled on the new badge
    if badge.get("state") not in LIVE_BADGE_STATES:
        return None  # rejected by the earner: nothing to import
    return "replaced" if badge.get("replaces_badge_id") else "issued"


def issued_by_hub(badge: dict) -> str | None:
    """Why this badge is the hub's own (seed: "Check if badge not issued through Docebo to Credly Sync")."""
    for badge_id in (badge.get("id"), badge.get("replaces_badge_id")):
        link = badge_id and link_by_target(object_type="badge", target_system="credly", target_id=badge_id)
        if link is not None and link and link.origin == "docebo":
            return f"issued by Crosswalk from Docebo ({link.source_id})"
    if str(badge.get("issuer_earner_id") or "").startswith(EARNER_PREFIX):
        return "issued by Crosswalk (its issuer earner id)"
    return None


def handle_badge(ctx, clients, lookups, badge: dict, *, deleted: bool = False) -> None:
    ref = f"badge:{badge.get('id')}"
    template_id = (badge.get("badge_template") or {}).get("id", "")
    own = issued_by_hub(badge)
    if own:
        ctx.skip(own, source_ref=ref, action="import_badge")
        return
    action = action_of(badge, deleted)
    if action is None:
        ctx.skip(f"badge state {badge.get('state')!r}: nothing to do", source_ref=ref, action="import_badge")
        return
    mappings = selectors.inbound_mappings(template_id)
    if not mappings and action != "replaced":
        if action == "revoked" and _has_links(badge["id"]):
            mappings = []  # the mapping was turned off since: still undo what the hub wrote
        else:
            ctx.skip(f"no active mapping for badge template {template_id}", source_ref=ref, action="import_badge")
            return
    email = badge.get("recipient_email") or ""
    learner = lookups.learner_by_email(email)
    if learner is None:
        name = (badge.get("badge_template") or {}).get("name") or template_id
        message = f"no Docebo user has the e-mail {email!r}, so Credly badge {name!r} ({badge['id']}) was not imported"
        ctx.skip(message, source_ref=ref, action="import_badge")
        tell_missing(
            ctx,
            lookups,
            f"credly:{email.lower()}",
            f"{message}. Create the user in Docebo with this e-mail (or correct the e-mail in Credly), then run "
            f"'{ctx.definition.name}' again (or resync this learner from the flow's page).",
        )
        return
    training = any(m.import_as_external_training for m in mappings)
    codes = sorted({m.certification_code for m in mappings if m.certification_code})
    sync_training(ctx, clients, learner, badge, action, training)
    sync_certifications(ctx, clients, lookups, learner, badge, action, codes)


def _has_links(badge_id: str) -> bool:
    return any(
        link_get(object_type=t, source_system="credly", source_id=badge_id, target_system="docebo")
        for t in (TRAINING, AWARD)
    )
