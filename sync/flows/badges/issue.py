"""Docebo -> Credly, per learner and achievement: issue, replace or revoke one badge.

(Seed: "Assign Credly badge to users", "Filter unassigned badge templates", "Issue / Replace /
Revoke badge in Credly".) Every badge issued is linked (object "badge", Docebo
"<user>:<course|lp|cert>:<id>" -> Credly badge id, origin docebo), which makes a repeat a no-op
and lets the Credly -> Docebo flow recognise the hub's own badges when Credly echoes them.
"""

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from integrations.client.errors import Unprocessable
from integrations.credly.client import current_badge_id
from mappings.badges.conf import badge_settings
from mappings.badges.models import BadgeTemplate
from sync.flows.badges.common import earner_id
from sync.flows.badges.lookups import Learner, LiveLookups
from sync.models import Outcome
from sync.services.links import claimed_write, fingerprint, link_delete, link_get, link_save

OBJECT = "badge"


@dataclass(frozen=True)
class Achievement:
    """What the learner did in Docebo that earns a badge."""

    kind: str  # course | lp | cert
    object_id: int
    achieved_at: datetime | date | None = None
    expires_on: date | None = None

    @property
    def label(self) -> str:
        return {"course": "course", "lp": "learning plan", "cert": "certification"}[self.kind] + f" {self.object_id}"


def source_id(learner_id, ach: Achievement, template_id: str) -> str:
    """One link per learner, achievement and template (a plan may be mapped to several badges)."""
    return f"{learner_id}:{ach.kind}:{ach.object_id}:{template_id}"


def linked(learner_id, ach: Achievement, template_id: str) -> bool:
    """True when Crosswalk already issued this learner this achievement's badge of this template."""
    return _link(source_id(learner_id, ach, template_id)) is not None


def _link(ref: str):
    return link_get(object_type=OBJECT, source_system="docebo", source_id=ref, target_system="credly")


def _save(ctx, ref: str, badge_id: str, template: BadgeTemplate, fp: str, **data) -> None:
    link_save(
        flow_key=ctx.definition.key,
        object_type=OBJECT,
        source_system="docebo",
        source_id=ref,
        target_system="credly",
        target_id=badge_id,
        origin="docebo",
        fingerprint=fp,
        data={"template_id": template.credly_id, **data},
    )


def expiry(ach: Achievement) -> date | None:
    """The Docebo object's own expiry, else today + CREDLY_DEFAULT_EXPIRATION_DAYS, else none."""
    if ach.expires_on:
        return ach.expires_on
    days = badge_settings().default_expiration_days
    return timezone.localdate() + timedelta(days=days) if days else None


def _evidence(ctx, learner: Learner, ach: Achievement) -> list[dict]:
    when = ach.achieved_at.strftime("%Y-%m-%d") if ach.achieved_at else "today"
    return [
        {
            "type": "IdEvidence",
            "title": badge_settings().evidence_title,
            "description": f"{ctx.definition.name}: {ach.label} completed in Docebo "
            f"by user {learner.user_id} on {when}",
        }
    ]


def _content(template: BadgeTemplate, ach: Achievement, expires: date | None) -> str:
    return fingerprint({"template": template.credly_id, "at": ach.achieved_at, "expires": expires})


def issue(ctx, clients, lookups, *, learner: Learner, template: BadgeTemplate, ach: Achievement) -> None:
    ref = source_id(learner.user_id, ach, template.credly_id)
    link = _link(ref)
    if link is not None:
        ctx.record(
            source_ref=ref,
            action="issue_badge",
            outcome=Outcome.UNCHANGED,
            target_ref=link.target_id,
            message=f"{template.name}: already issued by Crosswalk",
        )
        return
    claim_key = {"object_type": OBJECT, "source_system": "docebo", "source_id": ref, "target_system": "credly"}
    with claimed_write(ctx, **claim_key, ref=ref, action="issue_badge") as claim:
        if claim is not None:
            _issue_claimed(ctx, clients, lookups, claim, ref=ref, learner=learner, template=template, ach=ach)


def _issue_claimed(ctx, clients, lookups, claim, *, ref, learner: Learner, template: BadgeTemplate, ach) -> None:
    expires = expiry(ach)
    fp = _content(template, ach, expires)
    # After an uncertain attempt, ask Credly itself: a batch's lookups were read before that call.
    held = (LiveLookups(clients) if claim.uncertain else lookups).held_badge(template.credly_id, learner.email)
    if held is not None:
        _save(ctx, ref, held["id"], template, fp, held=True)
        ctx.skip(
            f"{template.name}: {learner.email} already holds this badge in Credly",
            source_ref=ref,
            action="issue_badge",
            target_ref=held["id"],
        )
        return
    try:
        badge = clients.credly.issue_badge(
            template_id=template.credly_id,
            recipient_email=learner.email,
            first_name=learner.first_name,
            last_name=learner.last_name,
            issued_at=ach.achieved_at or timezone.now(),
            expires_at=expires,
            evidence=_evidence(ctx, learner, ach),
            issuer_earner_id=earner_id(learner.user_id),
        )
    except Unprocessable as exc:  # a duplicate: the learner may hold it already
        held = LiveLookups(clients).held_badge(template.credly_id, learner.email)
        if held is None:
            raise
        _save(ctx, ref, held["id"], template, fp, held=True)
        ctx.skip(
            f"{template.name}: Credly says {learner.email} already holds it ({exc})",
            source_ref=ref,
            action="issue_badge",
            target_ref=held["id"],
        )
        return
    _save(ctx, ref, badge["id"], template, fp)
    lookups.note_issued(template.credly_id, learner.email, badge)
    ctx.record(
        source_ref=ref,
        action="issue_badge",
        outcome=Outcome.CREATED,
        target_ref=badge["id"],
        message=f"{template.name} issued to {learner.email}",
    )


def replace(ctx, clients, lookups, *, learner: Learner, template: BadgeTemplate, ach: Achievement) -> None:
    """Certification updated: replace the badge with one carrying the new dates (or issue one)."""
    ref = source_id(learner.user_id, ach, template.credly_id)
    link = _link(ref)
    if link is None:
        return issue(ctx, clients, lookups, learner=learner, template=template, ach=ach)
    expires = expiry(ach)
    fp = _content(template, ach, expires)
    if link.fingerprint == fp:
        ctx.record(
            source_ref=ref,
            action="replace_badge",
            outcome=Outcome.UNCHANGED,
            target_ref=link.target_id,
            message=f"{template.name}: nothing changed",
        )
        return None
    kwargs = {
        "template_id": template.credly_id,
        "issued_at": ach.achieved_at or timezone.now(),
        "expires_at": expires,
        "evidence": _evidence(ctx, learner, ach),
    }
    try:
        new = clients.credly.replace_badge(link.target_id, **kwargs)
    except Unprocessable as exc:
        live = current_badge_id(exc)
        if not live:
            raise
        new = clients.credly.replace_badge(live, **kwargs)  # someone replaced it already: replace the live one
    _save(ctx, ref, new["id"], template, fp, replaces=link.target_id)
    ctx.record(
        source_ref=ref,
        action="replace_badge",
        outcome=Outcome.UPDATED,
        target_ref=new["id"],
        message=f"{template.name}: badge {link.target_id} replaced",
    )
    return None


def revoke(
    ctx, clients, lookups, *, learner: Learner, template: BadgeTemplate | None, ach: Achievement, reason: str
) -> None:
    ref = source_id(learner.user_id, ach, template.credly_id)
    if not badge_settings().sync_revocation:
        ctx.skip("SYNC_REVOCATION is false: badges are not revoked from Docebo", source_ref=ref, action="revoke_badge")
        return
    link = _link(ref)
    held = None if link else lookups.held_badge(template.credly_id, learner.email)
    badge_id = link.target_id if link else (held or {}).get("id")
    if not badge_id:
        ctx.skip("no live badge in Credly for this learner and certification", source_ref=ref, action="revoke_badge")
        return
    with contextlib.suppress(Unprocessable):  # already revoked (or replaced): nothing left to revoke
        clients.credly.revoke_badge(badge_id, reason=reason)
    link_delete(object_type=OBJECT, source_system="docebo", source_id=ref, target_system="credly")
    ctx.record(
        source_ref=ref,
        action="revoke_badge",
        outcome=Outcome.DELETED,
        target_ref=badge_id,
        message=f"revoked: {reason}",
    )
