"""Drift between Docebo and Credly: Compare and its fixes (registered by sync/flows/drift.py).

Which side is right follows CREDLY_INTEGRATION_MASTER: docebo, Docebo's completions are the
truth (a completion with a mapped badge and no live badge in Credly: issue it); credly, Credly's
badges are (a badge whose mapping imports external training and no such record in Docebo: add it;
a record the hub made for a badge no longer live in Credly: delete it); blank, both of these.
Certification awards and their badges, both ways, are compared in drift_certs.py.
Fixes go through the flows' own writers (issue.issue, credly_training.sync_training), which claim
their link before writing, so a fix pressed twice writes once. A link whose object was removed
behind the hub's back (the drift itself) is dropped first, or the writer would call it done.
"""

from integrations.credly.payloads import LIVE_BADGE_STATES
from integrations.docebo.payloads import as_int, parse_datetime
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import drift_certs, issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.credly_events import current_badge, issued_by_hub
from sync.flows.badges.credly_training import TRAINING, sync_training
from sync.flows.badges.docebo_courses import course_badges
from sync.flows.badges.lookups import BulkLookups, LiveLookups, learner_or_skip
from sync.flows.drift import Finding, register_drift
from sync.models import Link
from sync.services.links import link_delete, link_get

COMPLETION = "completion_without_badge"
BADGE = "badge_without_docebo_record"
RECORD = "docebo_record_without_badge"


def compare(ctx, tally) -> bool:
    clients = BadgeClients(ctx)
    lookups = BulkLookups(clients)
    master = badge_settings().master
    if master != "credly" and _completions(ctx, clients, lookups, tally):
        return True
    if master != "docebo":
        _badges(clients, lookups, tally)
    drift_certs.compare_awards(clients, lookups, tally, master)
    clients.count_calls()
    return False


def _completions(ctx, clients, lookups, tally) -> bool:
    """Docebo is right: each completed course whose badge field names an active template."""
    badges = course_badges(ctx, clients)
    if badges is None:
        return True  # the slice ran out among the course reads (kept in the checkpoint)
    since = badge_settings().batch_sync_start_date
    for course_id, element in sorted(badges.items()):
        template = selectors.template_by_element(element)
        if template is None or not template.is_active:
            continue
        for enr in clients.docebo.iter_course_enrollments(course_ids=[as_int(course_id)], completed_since=since):
            tally.compared += 1
            learner = lookups.learner(as_int(enr["user_id"]))
            if learner is None or lookups.held_badge(template.credly_id, learner.email):
                continue  # a learner missing in Docebo is the flow's to report, not drift
            done = str(enr.get("enrollment_completion_date") or "")[:10] or "a date Docebo does not give"
            tally.add(
                Finding(
                    kind=COMPLETION,
                    subject=f"{learner.email}: {template.name}",
                    detail=f"Docebo: course {course_id} completed on {done}. Credly: {learner.email} holds no live "
                    f"{template.name!r} badge.",
                    right_side="Docebo",
                    fix=f"Issue the {template.name!r} badge in Credly",
                    data={
                        "user_id": learner.user_id,
                        "course_id": as_int(course_id),
                        "template_id": template.credly_id,
                        "completed_at": enr.get("enrollment_completion_date"),
                    },
                )
            )
    return False


def _badges(clients, lookups, tally) -> None:
    """Credly is right: badges of templates mapped to external training, and the hub's records."""
    trainings = {str(t.get("id")) for t in clients.docebo.iter_external_training()}
    since = badge_settings().batch_sync_start_date
    for template_id in selectors.inbound_template_ids():
        if not any(m.import_as_external_training for m in selectors.inbound_mappings(template_id)):
            continue
        live = clients.credly.list_badges(template_id=template_id, state=LIVE_BADGE_STATES)
        live_ids = {str(b["id"]) for b in live}
        for badge in clients.credly.list_badges(template_id=template_id, state=LIVE_BADGE_STATES, issued_since=since):
            if issued_by_hub(badge):
                continue
            tally.compared += 1
            link = link_get(object_type=TRAINING, source_system="credly", source_id=badge["id"], target_system="docebo")
            if link is not None and link.target_id in trainings:
                continue
            if lookups.learner_by_email(badge.get("recipient_email") or "") is None:
                continue  # no Docebo user to hold it: the flow reports the missing learner
            tally.add(_badge_finding(badge))
        for link in Link.objects.filter(object_type=TRAINING, source_system="credly", target_system="docebo"):
            if link.data.get("template_id") == template_id and link.source_id not in live_ids:
                tally.compared += 1
                if link.target_id in trainings:
                    tally.add(_record_finding(link))


def _badge_finding(badge: dict) -> Finding:
    name = (badge.get("badge_template") or {}).get("name") or "badge"
    email = badge.get("recipient_email") or ""
    return Finding(
        kind=BADGE,
        subject=f"{email}: {name}",
        detail=f"Credly: badge {badge['id']} ({name!r}) is live for {email}. Docebo: no external training "
        "record for it, though its mapping imports it.",
        right_side="Credly",
        fix="Add the external training in Docebo",
        data={"badge_id": badge["id"], "recipient_email": email},
    )


def _record_finding(link) -> Finding:
    return Finding(
        kind=RECORD,
        subject=f"external training {link.target_id}",
        detail=f"Docebo: external training {link.target_id}, imported from Credly badge {link.source_id}. "
        "Credly: that badge is no longer live (revoked or deleted).",
        right_side="Credly",
        fix="Delete the external training in Docebo",
        data={"badge_id": link.source_id, "training_id": link.target_id},
    )


def fix_completion(ctx, data: dict) -> None:
    clients = BadgeClients(ctx)
    lookups = LiveLookups(clients)
    template = selectors.template_by_id(data["template_id"])
    learner = learner_or_skip(ctx, lookups, data["user_id"], what=f"course {data['course_id']}")
    if learner is None or template is None:
        raise ValueError("the learner or the badge template is gone since the compare: compare again")
    ach = issue.Achievement("course", data["course_id"], parse_datetime(data.get("completed_at")))
    ref = issue.source_id(learner.user_id, ach, template.credly_id)
    key = {"object_type": issue.OBJECT, "source_system": "docebo", "source_id": ref, "target_system": "credly"}
    if link_get(**key) is not None and lookups.held_badge(template.credly_id, learner.email) is None:
        link_delete(**key)  # its badge was removed in Credly: the link no longer says "issued"
    issue.issue(ctx, clients, lookups, learner=learner, template=template, ach=ach)


def fix_badge(ctx, data: dict) -> None:
    clients = BadgeClients(ctx)
    badge = current_badge(clients, {"id": data["badge_id"], "recipient_email": data["recipient_email"]})
    if badge is None or badge.get("state") not in LIVE_BADGE_STATES:
        raise ValueError(f"badge {data['badge_id']} is no longer live in Credly: compare again")
    learner = LiveLookups(clients).learner_by_email(data["recipient_email"])
    if learner is None:
        raise ValueError(f"no Docebo user has the e-mail {data['recipient_email']!r} any more")
    key = {"object_type": TRAINING, "source_system": "credly", "source_id": badge["id"], "target_system": "docebo"}
    link = link_get(**key)
    if link is not None and link.target_id not in {
        str(t.get("id")) for t in clients.docebo.iter_external_training(user_id=learner.user_id)
    }:
        link_delete(**key)  # its record was removed in Docebo
    sync_training(ctx, clients, learner, badge, "issued", True)


def fix_record(ctx, data: dict) -> None:
    clients = BadgeClients(ctx)
    sync_training(ctx, clients, None, {"id": data["badge_id"]}, "revoked", False)


register_drift(
    connector="badges",
    title="Docebo <-> Credly badges",
    source="docebo",
    target="credly",
    compare=compare,
    fixers={
        COMPLETION: fix_completion,
        BADGE: fix_badge,
        RECORD: fix_record,
        drift_certs.AWARD_NO_BADGE: drift_certs.fix_award_badge,
        drift_certs.BADGE_NO_AWARD: drift_certs.fix_badge_award,
    },
    what="completions and certification awards with a mapped badge and no badge; badges without their Docebo "
    "record or certification award, and the other way",
)
