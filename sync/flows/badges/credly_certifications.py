"""Credly -> Docebo, certifications: a badge issued awards the mapped certification (or updates an
existing award), replaced updates it, revoked revokes it (seed: "Create/Update/Delete
Certifications for user", "Check certifications awards existence").

Links: object "certification_award", one per award: Credly "<badge id>:<certification id>" ->
Docebo "<certification id>:<user id>", origin credly. A template mapped to two certification codes
makes two awards and two links, so a revocation or replacement reaches both. (Links written before
there was one per award are keyed by the badge id alone; `award_links` finds those too.)

Each award carries where it came from, as Docebo's manual "External certification" award does:
the source (EXTERNAL_TRAINING_INSTITUTE_NAME) and the link to the badge in Credly (contract §3.7).
"""

import hashlib

from django.db.models import Q

from integrations.docebo.payloads import as_int, date_text
from mappings.badges.conf import badge_settings
from sync.models import Link, Outcome
from sync.services.links import LINKED, link_by_target, link_delete, link_save

AWARD = "certification_award"


def award_links(badge_id: str) -> list[Link]:
    """The award links of one Credly badge (one per certification it awarded)."""
    if not badge_id:
        return []
    keyed = Q(source_id=badge_id) | Q(source_id__startswith=f"{badge_id}:")
    return list(
        Link.objects.filter(keyed, object_type=AWARD, source_system="credly", target_system="docebo", state=LINKED)
    )


def _drop(link: Link) -> None:
    link_delete(object_type=AWARD, source_system="credly", source_id=link.source_id, target_system="docebo")


def sync_certifications(ctx, clients, lookups, learner, badge: dict, action: str, codes: list[str]) -> None:
    ref = f"badge:{badge['id']}"
    if action == "revoked":
        for link in award_links(badge["id"]):
            cert_id, user_id = link.target_id.split(":")
            clients.docebo.revoke_certification(certification_id=cert_id, user_id=user_id)
            _drop(link)
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


def award_fields(badge: dict) -> dict:
    """What an award made from this badge says: its dates, and where it came from."""
    return {
        "issued_on": date_text(badge.get("issued_at_date") or badge.get("issued_at")),
        "expires_on": date_text(badge.get("expires_at_date") or badge.get("expires_at")),
        "source": badge_settings().institute_name,
        "external_link": badge.get("badge_url") or "",
    }


def _award(ctx, clients, learner, badge: dict, cert_id: int) -> None:
    """Award, or update the award when the learner already has it (seed: "Check certifications awards existence")."""
    ref, target, key = f"badge:{badge['id']}", f"{cert_id}:{learner.user_id}", f"{badge['id']}:{cert_id}"
    fields = award_fields(badge)
    # a hash: the award's fields (dates, source, badge link) outgrow the 64 characters a fingerprint holds
    fp = hashlib.sha256(str(sorted(fields.items())).encode()).hexdigest()
    link = link_by_target(object_type=AWARD, target_system="docebo", target_id=target)
    if link is not None and link.source_id == key and link.fingerprint == fp:
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
        source_id=key,
        target_system="docebo",
        target_id=target,
        origin="credly",
        fingerprint=fp,
        data={"badge_id": badge["id"]},
    )
    for old in award_links(badge.get("replaces_badge_id") or "") + award_links(badge["id"]):
        if old.target_id == target and old.source_id != key:  # the replaced badge's (or a legacy) link
            _drop(old)
    try:
        write = clients.docebo.update_certification_award if exists else clients.docebo.award_certification
        write(certification_id=cert_id, user_id=learner.user_id, **fields)
    except Exception:
        link_delete(object_type=AWARD, source_system="credly", source_id=key, target_system="docebo")
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
