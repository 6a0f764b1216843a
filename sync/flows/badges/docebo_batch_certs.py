"""Batch Docebo -> Credly, certifications (seed: "Retrieve Certification Awards", "Process
certifications"): after the courses, every award of each mapped certification issued since
BATCH_SYNC_START_DATE, so an award made while the webhooks were off becomes its badge on Run now.

Calls: the certification list once (codes -> ids), then each mapped certification's awards
(`id_cert[]`, 200 a page; a learner's run adds `user_id[]`). An award whose badges are all linked
costs nothing more; others go through the run's bulk lookups and the same issue/revoke as the
webhooks. An award the hub made from a Credly badge is never sent back. An award that expired
while the webhooks were off revokes the badge it had issued (with SYNC_REVOCATION). Resumable:
the checkpoint holds the certifications and the index of the next one.
"""

from integrations.docebo import events
from integrations.docebo.payloads import CertificationChange, as_int, parse_date
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import issue
from sync.flows.badges.docebo_certifications import holds, made_by_hub, templates_for_code
from sync.flows.badges.lookups import learner_or_skip
from sync.models import Outcome


def sync_awards(ctx, clients, lookups, *, user_id: int | None = None) -> bool:
    """Process every mapped certification's awards (one learner's with `user_id`); True: yielded."""
    cp = ctx.checkpoint
    if "certs" not in cp:
        cp["certs"], cp["cert_index"] = _mapped_certifications(ctx, clients), 0
        ctx.progress(total=len(cp.get("courses") or []) + len(cp["certs"]))
    while cp["cert_index"] < len(cp["certs"]):
        cert_id, code = cp["certs"][cp["cert_index"]]
        ctx.entity(
            source_ref=f"cert:{cert_id}",
            action="sync_certification",
            fn=lambda c=cert_id, k=code: _sync_certification(ctx, clients, lookups, c, k, user_id),
        )
        clients.count_calls()
        ctx.progress(advance=1)
        ctx.save_checkpoint(cert_index=cp["cert_index"] + 1)
        if ctx.should_yield():
            return True
    return False


def _mapped_certifications(ctx, clients) -> list[list]:
    codes = selectors.certification_codes()
    if not codes:
        return []
    found = {c.get("code") or "": as_int(c.get("id_cert", c.get("id"))) for c in clients.docebo.iter_certifications()}
    for code in codes:
        if code not in found:
            ctx.skip(
                f"no certification with code {code!r} in Docebo: check the code in the badge mapping "
                "(Docebo: Admin Menu > Certifications and Retraining)",
                source_ref=f"cert:{code}",
                action="read_certifications",
            )
    return [[found[code], code] for code in codes if code in found]


def _sync_certification(ctx, clients, lookups, cert_id: int, code: str, user_id: int | None) -> None:
    templates = templates_for_code(ctx, code, source_ref=f"cert:{cert_id}")
    if not templates:
        return
    since = badge_settings().batch_sync_start_date
    awards = clients.docebo.iter_certification_awards(
        certification_ids=[cert_id], user_ids=[user_id] if user_id else None
    )
    for award in awards:
        issued_on, who = parse_date(award.get("issued_on")), as_int(award.get("user_id"))
        if (user_id and who != user_id) or who is None or (since and issued_on and issued_on < since):
            continue
        ctx.read()
        item = {"user_id": who, "certification_id": cert_id, "certification_code": code}
        ctx.entity(
            source_ref=f"{who}:cert:{cert_id}",
            action="issue_badge",
            payload={"event_type": events.CERTIFICATION_ASSIGNED, "item": item},
            fn=lambda a=award, u=who: _award(ctx, clients, lookups, cert_id, templates, a, u),
        )


def _award(ctx, clients, lookups, cert_id: int, templates, award: dict, user_id: int) -> None:
    if made_by_hub(ctx, CertificationChange(user_id=user_id, certification_id=cert_id)):
        return
    ach = issue.Achievement("cert", cert_id, parse_date(award.get("issued_on")), parse_date(award.get("expire_on")))
    linked = [t for t in templates if issue.linked(user_id, ach, t.credly_id)]
    held = holds(award)
    if held and len(linked) == len(templates):
        ctx.record(
            source_ref=f"{user_id}:cert:{cert_id}",
            action="issue_badge",
            outcome=Outcome.UNCHANGED,
            message="every badge for this certification award was already issued",
        )
        return
    if not held and not linked:
        return  # expired, and no badge of ours to take back
    learner = learner_or_skip(ctx, lookups, user_id, what=f"certification {cert_id}")
    if learner is None:
        return
    for template in templates if held else linked:
        if held:
            issue.issue(ctx, clients, lookups, learner=learner, template=template, ach=ach)
        else:
            reason = "The certification expired in Docebo"
            issue.revoke(ctx, clients, lookups, learner=learner, template=template, ach=ach, reason=reason)
