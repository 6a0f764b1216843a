"""Credly -> Docebo, certifications: a badge issued awards the mapped certification (or updates an
existing award), replaced updates it, revoked revokes it (seed: "Create/Update/Delete
Certifications for user", "Check certifications awards existence"). Link: object
"certification_award", Credly badge id -> "<certification id>:<user id>", origin credly."""

from integrations.docebo.payloads import as_int, date_text
from sync.flows.badges.credly_training import moved_link
from sync.models import Outcome
from sync.services.links import link_by_target, link_delete, link_get, link_save

AWARD = "certification_award"


def sync_certifications(ctx, clients, lookups, learner, badge: dict, action: str, codes: list[str]) -> None:
    ref = f"badge:{badge['id']}"
    old = moved_link(AWARD, badge) if action == "replaced" else None
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
        flow_key=ctx.definition.key,
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
