"""Badges drift, certification awards (called by sync/flows/badges/drift.py's compare).

Docebo right (master docebo or blank): a held award of a mapped certification whose active
template's badge the learner does not hold live in Credly; Fix issues it (issue.issue, as the
certification flow does). Credly right (master credly or blank): a live badge of a template mapped
to a certification code whose learner holds no such award in Docebo; Fix awards it
(credly_certifications.sync_certifications). Awards the hub made from a Credly badge are not
compared the Docebo way (they are never sent back), badges the hub issued not the Credly way.
"""

from integrations.credly.payloads import LIVE_BADGE_STATES
from integrations.docebo.payloads import as_int, parse_date
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.credly_certifications import AWARD, sync_certifications
from sync.flows.badges.credly_events import current_badge, issued_by_hub
from sync.flows.badges.docebo_certifications import holds
from sync.flows.badges.lookups import LiveLookups, learner_or_skip
from sync.flows.drift import Finding
from sync.services.links import link_by_target, link_delete, link_get

AWARD_NO_BADGE = "certification_without_badge"
BADGE_NO_AWARD = "badge_without_certification"


def _cert_ids(clients) -> dict[str, int]:
    return {c.get("code") or "": as_int(c.get("id_cert", c.get("id"))) for c in clients.docebo.iter_certifications()}


def _made_by_hub(cert_id: int, user_id: int) -> bool:
    link = link_by_target(object_type=AWARD, target_system="docebo", target_id=f"{cert_id}:{user_id}")
    return link is not None and link.origin == "credly"


def compare_awards(clients, lookups, tally, master: str) -> None:
    codes = selectors.certification_codes()
    if not codes:
        return
    ids = _cert_ids(clients)
    if master != "credly":
        for code in codes:
            if code in ids:
                _awards(clients, lookups, tally, code, ids[code])
    if master != "docebo":
        _badges(clients, lookups, tally, ids)


def _awards(clients, lookups, tally, code: str, cert_id: int) -> None:
    templates = [selectors.template_by_id(m.badge_template_id) for m in selectors.mappings_for_certification(code)]
    templates = [t for t in templates if t is not None and t.is_active]
    since = badge_settings().batch_sync_start_date
    for award in clients.docebo.iter_certification_awards(certification_ids=[cert_id]):
        user_id, issued_on = as_int(award.get("user_id")), parse_date(award.get("issued_on"))
        if user_id is None or not holds(award) or (since and issued_on and issued_on < since):
            continue
        if _made_by_hub(cert_id, user_id):
            continue
        learner = lookups.learner(user_id)
        for template in templates:
            tally.compared += 1
            if learner is None or lookups.held_badge(template.credly_id, learner.email):
                continue  # a learner missing in Docebo is the flow's to report, not drift
            tally.add(
                Finding(
                    kind=AWARD_NO_BADGE,
                    subject=f"{learner.email}: {template.name}",
                    detail=f"Docebo: {learner.email} holds certification {code} (awarded {issued_on or 'undated'}). "
                    f"Credly: no live {template.name!r} badge for them.",
                    right_side="Docebo",
                    fix=f"Issue the {template.name!r} badge in Credly",
                    data={"user_id": user_id, "certification_id": cert_id, "template_id": template.credly_id},
                )
            )


def _badges(clients, lookups, tally, ids: dict[str, int]) -> None:
    since = badge_settings().batch_sync_start_date
    for template_id in selectors.inbound_template_ids():
        codes = sorted({m.certification_code for m in selectors.inbound_mappings(template_id) if m.certification_code})
        if not codes:
            continue
        for badge in clients.credly.list_badges(template_id=template_id, state=LIVE_BADGE_STATES, issued_since=since):
            if issued_by_hub(badge):
                continue
            email = badge.get("recipient_email") or ""
            learner = lookups.learner_by_email(email)
            for code in codes:
                tally.compared += 1
                if learner is None or code not in ids:
                    continue  # the flow reports a missing learner or certification
                awards = clients.docebo.iter_certification_awards(
                    user_ids=[learner.user_id], certification_ids=[ids[code]]
                )
                if any(as_int(a.get("user_id")) == learner.user_id and holds(a) for a in awards):
                    continue
                tally.add(_badge_finding(badge, email, code, ids[code]))


def _badge_finding(badge: dict, email: str, code: str, cert_id: int) -> Finding:
    name = (badge.get("badge_template") or {}).get("name") or "badge"
    return Finding(
        kind=BADGE_NO_AWARD,
        subject=f"{email}: certification {code}",
        detail=f"Credly: badge {badge['id']} ({name!r}) is live for {email}. Docebo: they hold no award of "
        f"certification {code}, though the badge's mapping awards it.",
        right_side="Credly",
        fix=f"Award certification {code} in Docebo",
        data={"badge_id": badge["id"], "recipient_email": email, "code": code, "certification_id": cert_id},
    )


def fix_award_badge(ctx, data: dict) -> None:
    clients = BadgeClients(ctx)
    lookups = LiveLookups(clients)
    template = selectors.template_by_id(data["template_id"])
    learner = learner_or_skip(ctx, lookups, data["user_id"], what=f"certification {data['certification_id']}")
    if learner is None or template is None:
        raise ValueError("the learner or the badge template is gone since the compare: compare again")
    cert_id = data["certification_id"]
    awards = clients.docebo.iter_certification_awards(user_ids=[learner.user_id], certification_ids=[cert_id])
    award = next((a for a in awards if as_int(a.get("user_id")) == learner.user_id and holds(a)), None)
    if award is None:
        raise ValueError(f"{learner.email} no longer holds the certification in Docebo: compare again")
    ach = issue.Achievement("cert", cert_id, parse_date(award.get("issued_on")), parse_date(award.get("expire_on")))
    key = {
        "object_type": issue.OBJECT,
        "source_system": "docebo",
        "source_id": issue.source_id(learner.user_id, ach, template.credly_id),
        "target_system": "credly",
    }
    if link_get(**key) is not None and lookups.held_badge(template.credly_id, learner.email) is None:
        link_delete(**key)  # its badge was removed in Credly: the link no longer says "issued"
    issue.issue(ctx, clients, lookups, learner=learner, template=template, ach=ach)


def fix_badge_award(ctx, data: dict) -> None:
    clients = BadgeClients(ctx)
    lookups = LiveLookups(clients)
    badge = current_badge(clients, {"id": data["badge_id"], "recipient_email": data["recipient_email"]})
    if badge is None or badge.get("state") not in LIVE_BADGE_STATES:
        raise ValueError(f"badge {data['badge_id']} is no longer live in Credly: compare again")
    learner = lookups.learner_by_email(data["recipient_email"])
    if learner is None:
        raise ValueError(f"no Docebo user has the e-mail {data['recipient_email']!r} any more")
    cert_id = data["certification_id"]
    awards = clients.docebo.iter_certification_awards(user_ids=[learner.user_id], certification_ids=[cert_id])
    if not any(as_int(a.get("user_id")) == learner.user_id and holds(a) for a in awards):
        # the award was removed in Docebo: the link alone would say "already awarded"
        key = f"{badge['id']}:{cert_id}"
        link_delete(object_type=AWARD, source_system="credly", source_id=key, target_system="docebo")
    sync_certifications(ctx, clients, lookups, learner, badge, "issued", [data["code"]])
