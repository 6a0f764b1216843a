"""Credly -> Docebo (seed: "Event Dispatcher - Credly to Docebo", "Process Credly events",
"Create/Update/Delete external training for user", "Create/Update/Delete Certifications for user").

Credly's webhook is a thin envelope with no signature: the event is fetched from Credly's API
first (which proves it genuine), then its badge goes through `handle_badge`, which the batch
also feeds. Links: object "external_training" / "certification_award", Credly badge id ->
Docebo training id / "<certification id>:<user id>", origin credly.
"""

import contextlib

from integrations.client.errors import NotFound
from integrations.credly.payloads import LIVE_BADGE_STATES
from integrations.docebo.values import as_int, date_text
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges.common import EARNER_PREFIX, Clients
from sync.flows.badges.lookups import LiveLookups
from sync.models import Outcome
from sync.services.links import link_by_target, link_delete, link_get, link_save

TRAINING, AWARD = "external_training", "certification_award"


def on_event(ctx, event) -> None:
    clients = Clients(ctx)
    try:
        detail = clients.credly.get_event(event.payload["id"])
    except NotFound:
        ctx.record(
            source_ref=event.payload["id"],
            action="fetch_event",
            outcome=Outcome.FAILED,
            message="Credly does not know this event: the delivery was not genuine",
        )
        return
    badge = detail.get("badge") or {}
    ctx.read()
    ctx.entity(
        source_ref=f"badge:{badge.get('id')}",
        action=event.event_type,
        payload={"event_type": event.event_type, "badge": badge},
        fn=lambda: handle_badge(ctx, clients, LiveLookups(clients), badge, deleted=event.event_type == "badge.deleted"),
    )
    clients.count_calls()


def on_replay(ctx, payload: dict) -> None:
    clients = Clients(ctx)
    handle_badge(ctx, clients, LiveLookups(clients), payload["badge"], deleted=payload["event_type"] == "badge.deleted")


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
        ctx.record(source_ref=ref, action="import_badge", outcome=Outcome.SKIPPED, message=own)
        return
    action = action_of(badge, deleted)
    if action is None:
        ctx.record(
            source_ref=ref,
            action="import_badge",
            outcome=Outcome.SKIPPED,
            message=f"badge state {badge.get('state')!r}: nothing to do",
        )
        return
    mappings = selectors.inbound_mappings(template_id)
    if not mappings and action != "replaced":
        if action == "revoked" and _has_links(badge["id"]):
            mappings = []  # the mapping was turned off since: still undo what the hub wrote
        else:
            ctx.record(
                source_ref=ref,
                action="import_badge",
                outcome=Outcome.SKIPPED,
                message=f"no active mapping for badge template {template_id}",
            )
            return
    learner = lookups.learner_by_email(badge.get("recipient_email") or "")
    if learner is None:
        ctx.record(
            source_ref=ref,
            action="import_badge",
            outcome=Outcome.SKIPPED,
            message=f"no Docebo user has the e-mail {badge.get('recipient_email')!r}",
        )
        return
    training = any(m.import_as_external_training for m in mappings)
    codes = sorted({m.certification_code for m in mappings if m.certification_code})
    _sync_training(ctx, clients, learner, badge, action, training)
    _sync_certifications(ctx, clients, lookups, learner, badge, action, codes)


def _has_links(badge_id: str) -> bool:
    return any(
        link_get(object_type=t, source_system="credly", source_id=badge_id, target_system="docebo")
        for t in (TRAINING, AWARD)
    )


# --- external training -----------------------------------------------------------------------------
def _training_fields(badge: dict) -> dict:
    return {
        "course_name": (badge.get("badge_template") or {}).get("name") or "Credly badge",
        "date": date_text(badge.get("issued_at_date") or badge.get("issued_at")),
        "expiration_date": date_text(badge.get("expires_at_date") or badge.get("expires_at")),
        "certificate_url": badge.get("badge_url"),
    }


def _sync_training(ctx, clients, learner, badge: dict, action: str, wanted: bool) -> None:
    ref, badge_id = f"badge:{badge['id']}", badge["id"]
    if action == "replaced":
        old = _moved_link(TRAINING, badge)
        if old is not None:
            if wanted and old.data.get("template_id") == (badge.get("badge_template") or {}).get("id"):
                fields = _training_fields(badge)
                clients.docebo.update_external_training(old.target_id, **fields)
                _save(ctx, TRAINING, badge, old.target_id)
                return ctx.record(
                    source_ref=ref,
                    action="update_external_training",
                    outcome=Outcome.UPDATED,
                    target_ref=old.target_id,
                    message="badge replaced by the same template",
                )
            _delete_training(ctx, clients, ref, old, "badge replaced by another template")
        action = "issued"
    link = link_get(object_type=TRAINING, source_system="credly", source_id=badge_id, target_system="docebo")
    if action == "revoked":
        if link is not None:
            _delete_training(ctx, clients, ref, link, "badge revoked in Credly")
        return None
    if not wanted:
        return None
    if link is not None:
        return ctx.record(
            source_ref=ref,
            action="create_external_training",
            outcome=Outcome.UNCHANGED,
            target_ref=link.target_id,
            message="already imported",
        )
    institute = badge_settings().institute_name
    created = clients.docebo.create_external_training(
        user_id=learner.user_id, institute=institute, **_training_fields(badge)
    )
    _save(ctx, TRAINING, badge, str(created["id"]))
    return ctx.record(
        source_ref=ref,
        action="create_external_training",
        outcome=Outcome.CREATED,
        target_ref=str(created["id"]),
        message=f"for {learner.email}",
    )


def _delete_training(ctx, clients, ref, link, why: str) -> None:
    with contextlib.suppress(NotFound):  # already gone in Docebo: the goal is reached
        clients.docebo.delete_external_training(link.target_id)
    link_delete(object_type=TRAINING, source_system="credly", source_id=link.source_id, target_system="docebo")
    ctx.record(
        source_ref=ref,
        action="delete_external_training",
        outcome=Outcome.DELETED,
        target_ref=link.target_id,
        message=why,
    )


def _moved_link(object_type: str, badge: dict):
    """The link of the badge this one replaces (moved to the new badge by the caller)."""
    old_id = badge.get("replaces_badge_id")
    return old_id and link_get(
        object_type=object_type, source_system="credly", source_id=old_id, target_system="docebo"
    )


def _save(ctx, object_type: str, badge: dict, target_id: str) -> None:
    old_id = badge.get("replaces_badge_id")
    if old_id:
        link_delete(object_type=object_type, source_system="credly", source_id=old_id, target_system="docebo")
    link_save(
        flow_key=ctx.spec.key,
        object_type=object_type,
        source_system="credly",
        source_id=badge["id"],
        target_system="docebo",
        target_id=target_id,
        origin="credly",
        data={"template_id": (badge.get("badge_template") or {}).get("id")},
    )


# --- certifications ------------------------------------------------------------------------------------
def _sync_certifications(ctx, clients, lookups, learner, badge: dict, action: str, codes: list[str]) -> None:
    ref = f"badge:{badge['id']}"
    old = _moved_link(AWARD, badge) if action == "replaced" else None
    link = old or link_get(object_type=AWARD, source_system="credly", source_id=badge["id"], target_system="docebo")
    if action == "revoked":
        if link is not None:
            cert_id, user_id = link.target_id.split(":")
            clients.docebo.revoke_certification(certification_id=cert_id, user_id=user_id)
            link_delete(object_type=AWARD, source_system="credly", source_id=link.source_id, target_system="docebo")
            ctx.record(
                source_ref=ref,
                action="revoke_certification",
                outcome=Outcome.DELETED,
                target_ref=link.target_id,
                message="badge revoked in Credly",
            )
        return
    for code in codes:
        cert = certification(clients, lookups, code)
        if cert is None:
            ctx.record(
                source_ref=ref,
                action="award_certification",
                outcome=Outcome.FAILED,
                message=f"no certification with code {code!r} in Docebo",
            )
            continue
        _award(ctx, clients, learner, badge, as_int(cert.get("id_cert", cert.get("id"))))


def certification(clients, lookups, code: str) -> dict | None:
    cache = lookups.__dict__.setdefault("_certs", {})
    if code not in cache:
        cache[code] = clients.docebo.find_certification_by_code(code)
    return cache[code]


def _award(ctx, clients, learner, badge: dict, cert_id: int) -> None:
    """Award, or update the award when the learner already has it (seed: "Check certifications awards existence")."""
    ref, target = f"badge:{badge['id']}", f"{cert_id}:{learner.user_id}"
    dates = {
        "issued_on": date_text(badge.get("issued_at_date") or badge.get("issued_at")),
        "expires_on": date_text(badge.get("expires_at_date") or badge.get("expires_at")),
    }
    link = link_by_target(object_type=AWARD, target_system="docebo", target_id=target)
    if link is not None and link.source_id == badge["id"] and link.fingerprint == str(dates):
        return ctx.record(
            source_ref=ref,
            action="award_certification",
            outcome=Outcome.UNCHANGED,
            target_ref=target,
            message="already awarded with these dates",
        )
    awards = clients.docebo.iter_certification_awards(user_ids=[learner.user_id], certification_ids=[cert_id])
    exists = any(as_int(a.get("id_cert")) == cert_id and as_int(a.get("user_id")) == learner.user_id for a in awards)
    # link first: Docebo's certification webhook may reach the other flow before this returns
    link_save(
        flow_key=ctx.spec.key,
        object_type=AWARD,
        source_system="credly",
        source_id=badge["id"],
        target_system="docebo",
        target_id=target,
        origin="credly",
        fingerprint=str(dates),
    )
    if badge.get("replaces_badge_id"):
        link_delete(
            object_type=AWARD, source_system="credly", source_id=badge["replaces_badge_id"], target_system="docebo"
        )
    try:
        write = clients.docebo.update_certification_award if exists else clients.docebo.award_certification
        write(certification_id=cert_id, user_id=learner.user_id, **dates)
    except Exception:
        link_delete(object_type=AWARD, source_system="credly", source_id=badge["id"], target_system="docebo")
        raise
    if exists:
        return ctx.record(
            source_ref=ref,
            action="update_certification",
            outcome=Outcome.UPDATED,
            target_ref=target,
            message=f"award updated for {learner.email}",
        )
    return ctx.record(
        source_ref=ref,
        action="award_certification",
        outcome=Outcome.CREATED,
        target_ref=target,
        message=f"awarded to {learner.email}",
    )
