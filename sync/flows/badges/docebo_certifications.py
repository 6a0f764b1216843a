"""Docebo -> Credly on certification events (seed: "Process certifications"): awarded issues the
mapped badge, updated replaces it, unassigned or expired revokes it (with SYNC_REVOCATION).

A webhook is a hint: what is written comes from Docebo's API, read when the event is processed.
The learner's award (held or not, its dates) is read from the awards list, and the
certification's code, which picks the badge mapping, from the certification list; the body's
code is used only when the certification no longer exists in Docebo (deleting one drops its
awards, so only a revocation can follow).
"""

from django.utils import timezone

from integrations.docebo.payloads import CertificationChange, as_int, parse_date
from mappings.badges import selectors
from sync.flows.badges import issue
from sync.flows.badges.lookups import learner_or_skip
from sync.models import Outcome
from sync.services.links import link_by_target

CERT_AWARD = "certification_award"  # link object written by the Credly -> Docebo flow


def _ref(c: CertificationChange) -> str:
    return f"{c.user_id}:cert:{c.certification_id}"


def certification_code(clients, c: CertificationChange) -> str:
    """The certification's code as Docebo lists it now; the body's only for one that is gone."""
    found = next(
        (
            x
            for x in clients.docebo.iter_certifications()
            if as_int(x.get("id_cert", x.get("id"))) == c.certification_id
        ),
        None,
    )
    return (found.get("code") or "") if found is not None else c.certification_code


def _cert_templates(ctx, clients, c: CertificationChange):
    return templates_for_code(ctx, certification_code(clients, c), source_ref=_ref(c))


def templates_for_code(ctx, code: str, *, source_ref: str) -> list:
    """The active templates mapped to a certification code; a mapping to a deleted or inactive
    template is recorded as failed, no mapping at all as skipped."""
    out = []
    for mapping in selectors.mappings_for_certification(code):
        template = selectors.template_by_id(mapping.badge_template_id)
        if template is None or not template.is_active:
            ctx.record(
                source_ref=source_ref,
                action="certification",
                outcome=Outcome.FAILED,
                message=f"the mapping for certification {code} points at a deleted or inactive badge template",
            )
        else:
            out.append(template)
    if not out and code:
        ctx.skip(f"no active mapping for certification {code}", source_ref=source_ref, action="certification")
    return out


def made_by_hub(ctx, c: CertificationChange) -> bool:
    """An award Crosswalk itself made from a Credly badge must not be sent back to Credly."""
    link = link_by_target(object_type=CERT_AWARD, target_system="docebo", target_id=f"{c.certification_id}:{c.user_id}")
    if link is not None and link.origin == "credly":
        ctx.skip(f"awarded by Crosswalk from Credly badge {link.source_id}", source_ref=_ref(c), action="certification")
        return True
    return False


def _current_award(clients, c: CertificationChange) -> dict | None:
    """The learner's award as Docebo holds it now. Webhooks are not ordered (contract §4.6): an
    "awarded" may be processed after the "revoked" that followed it, so the hub acts on the
    current state, and takes the dates from it."""
    awards = clients.docebo.iter_certification_awards(user_ids=[c.user_id], certification_ids=[c.certification_id])
    return next(
        (a for a in awards if as_int(a.get("id_cert")) == c.certification_id and as_int(a.get("user_id")) == c.user_id),
        None,
    )


def holds(award: dict | None) -> bool:
    if award is None or award.get("status") == "expired":
        return False
    expires = parse_date(award.get("expire_on"))
    return expires is None or expires > timezone.localdate()


def cert_action(action):
    def handler(ctx, clients, lookups, c: CertificationChange) -> None:
        if action != "revoke" and made_by_hub(ctx, c):
            return
        templates = _cert_templates(ctx, clients, c)
        if not templates:
            return
        award = _current_award(clients, c)
        if holds(award) == (action == "revoke"):
            now = "holds it again" if award and action == "revoke" else "no longer holds it"
            ctx.skip(f"out of date: the learner {now} in Docebo", source_ref=_ref(c), action=f"{action}_badge")
            return
        learner = learner_or_skip(ctx, lookups, c.user_id, what=f"certification {c.certification_id}")
        if learner is None:
            return
        # the dates of the award Docebo holds; a revocation (no award left) names the badge only
        issued_on, expires_on = (
            (parse_date(award.get("issued_on")), parse_date(award.get("expire_on"))) if award else (None, None)
        )
        ach = issue.Achievement("cert", c.certification_id, issued_on, expires_on)
        for template in templates:
            if action == "revoke":
                reason = "The certification was revoked in Docebo"
                issue.revoke(ctx, clients, lookups, learner=learner, template=template, ach=ach, reason=reason)
            else:
                getattr(issue, action)(ctx, clients, lookups, learner=learner, template=template, ach=ach)

    return handler
