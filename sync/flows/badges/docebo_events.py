"""Docebo -> Credly in real time (seed: "Event Dispatcher - Docebo to Credly", "Assign Credly badge
for Course Additional Field element", "Assign Credly badges for Learning Plans", "Process
certifications"). One small handler per Docebo event type, gathered in HANDLERS."""

from django.utils import timezone

from integrations.docebo import events as ev
from integrations.docebo.client import DoceboClient
from integrations.docebo.payloads import (
    CertificationChange,
    CourseCompletion,
    LearningPlanCompletion,
    as_int,
    parse_date,
    parse_item,
)
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.docebo_field import course_field_id
from sync.flows.badges.lookups import LiveLookups, course_option_template, learner_or_skip
from sync.models import Outcome
from sync.services.links import link_by_target

CERT_AWARD = "certification_award"  # link object written by the Credly -> Docebo flow


def on_event(ctx, event) -> None:
    clients = BadgeClients(ctx)
    handle_item(ctx, clients, LiveLookups(clients), event.event_type, event.payload)
    clients.count_calls()


def on_replay(ctx, payload: dict) -> None:
    clients = BadgeClients(ctx)
    HANDLERS[payload["event_type"]](
        ctx, clients, LiveLookups(clients), parse_item(payload["event_type"], payload["item"])
    )


def handle_item(ctx, clients, lookups, event_type: str, item: dict) -> None:
    parsed = parse_item(event_type, item)
    ctx.read()
    ctx.entity(
        source_ref=f"user:{parsed.user_id}",
        action=event_type,
        payload={"event_type": event_type, "item": item},
        fn=lambda: HANDLERS[event_type](ctx, clients, lookups, parsed),
    )


# --- courses and learning plans ----------------------------------------------------------------
def course_template(ctx, clients, course_id: int):
    """The active template chosen in the course's additional field, or None (recorded why)."""
    field_id = course_field_id(clients.docebo, badge_settings().course_additional_field)
    if field_id is None:
        ctx.skip(
            "the course additional field does not exist yet (the Docebo field sync creates it)",
            source_ref=f"course:{course_id}",
            action="read_course_badge",
        )
        return None
    element = DoceboClient.course_field_value(clients.docebo.get_course(course_id), field_id)
    return course_option_template(ctx, course_id, element)


def mapped_plans_with_course(clients, course_id: int, plans: dict[int, set[int]] | None = None) -> list[int]:
    """Ids of mapped, active learning plans that contain this course (seed: "Retrieve Learning
    Plan from Course" + "Filter learning plans retrieved from course")."""
    mapped = selectors.lp_mappings()
    if not mapped:
        return []  # no call at all when no learning plan is mapped
    plans = plans if plans is not None else plan_courses(clients, mapped)
    return [lp for lp, courses in plans.items() if course_id in courses]


def plan_courses(clients, mapped) -> dict[int, set[int]]:
    out = {}
    for plan in clients.docebo.iter_learning_plans(return_courses=True):
        lp = as_int(plan.get("id", plan.get("learning_plan_id")))
        if lp in mapped:
            out[lp] = {as_int(c.get("id_course", c.get("id"))) for c in plan.get("courses") or []}
    return out


def issue_plan_badges(ctx, clients, lookups, learner, lp_id: int, completed_at) -> None:
    for mapping in selectors.lp_mappings().get(lp_id, []):
        template = selectors.template_by_id(mapping.badge_template_id)
        if template is None or not template.is_active:
            ctx.record(
                source_ref=f"{learner.user_id}:lp:{lp_id}",
                action="issue_badge",
                outcome=Outcome.FAILED,
                message=f"the mapping for learning plan {lp_id} points at badge template "
                f"{mapping.badge_template_name or mapping.badge_template_id}, which is deleted or "
                "inactive",
            )
            continue
        issue.issue(
            ctx, clients, lookups, learner=learner, template=template, ach=issue.Achievement("lp", lp_id, completed_at)
        )


def completed_plans(clients, plan_ids: list[int], user_ids: list[int]) -> dict[tuple[int, int], object]:
    """(user id, plan id) -> completion date, for plans these users have completed."""
    out = {}
    for enr in clients.docebo.iter_learning_plan_enrollments(learning_plan_ids=plan_ids, user_ids=user_ids):
        if enr.get("enrollment_status") == "completed":
            out[(as_int(enr.get("user_id")), as_int(enr.get("learning_plan_id")))] = enr.get(
                "enrollment_completion_date"
            )
    return out


def course_completed(ctx, clients, lookups, c: CourseCompletion) -> None:
    learner = learner_or_skip(ctx, lookups, c.user_id)
    if learner is None:
        return
    template = course_template(ctx, clients, c.course_id)
    if template is not None:
        issue.issue(
            ctx,
            clients,
            lookups,
            learner=learner,
            template=template,
            ach=issue.Achievement("course", c.course_id, c.completion_date),
        )
    plans = mapped_plans_with_course(clients, c.course_id)
    if plans:
        for (_, lp_id), done_at in completed_plans(clients, plans, [c.user_id]).items():
            issue_plan_badges(ctx, clients, lookups, learner, lp_id, _when(done_at))
    elif template is None:
        # Say so on the run, so an admin who expected a badge sees why none was issued.
        ctx.skip(
            "no badge chosen in the course's badge field, and no mapped learning plan contains the course",
            source_ref=f"{c.user_id}:course:{c.course_id}",
            action="issue_badge",
        )


def plan_completed(ctx, clients, lookups, p: LearningPlanCompletion) -> None:
    if p.learning_plan_id not in selectors.lp_mappings():
        ctx.skip(
            "no active mapping for this learning plan",
            source_ref=f"{p.user_id}:lp:{p.learning_plan_id}",
            action="issue_badge",
        )
        return
    learner = learner_or_skip(ctx, lookups, p.user_id)
    if learner is not None:
        issue_plan_badges(ctx, clients, lookups, learner, p.learning_plan_id, p.completion_date)


def _when(value):
    from integrations.docebo.payloads import parse_datetime

    return parse_datetime(value)


# --- certifications ------------------------------------------------------------------------------
def _cert_templates(ctx, clients, c: CertificationChange):
    code = c.certification_code
    if not code:
        cert = next(
            (
                x
                for x in clients.docebo.iter_certifications()
                if as_int(x.get("id_cert", x.get("id"))) == c.certification_id
            ),
            None,
        )
        code = (cert or {}).get("code") or ""
    out = []
    for mapping in selectors.mappings_for_certification(code):
        template = selectors.template_by_id(mapping.badge_template_id)
        if template is None or not template.is_active:
            ctx.record(
                source_ref=f"{c.user_id}:cert:{c.certification_id}",
                action="certification",
                outcome=Outcome.FAILED,
                message=f"the mapping for certification {code} points at a deleted or inactive badge template",
            )
        else:
            out.append(template)
    if not out and code:
        ctx.skip(
            f"no active mapping for certification {code}",
            source_ref=f"{c.user_id}:cert:{c.certification_id}",
            action="certification",
        )
    return out


def _made_by_hub(ctx, c: CertificationChange) -> bool:
    """An award Crosswalk itself made from a Credly badge must not be sent back to Credly."""
    link = link_by_target(object_type=CERT_AWARD, target_system="docebo", target_id=f"{c.certification_id}:{c.user_id}")
    if link is not None and link.origin == "credly":
        ctx.skip(
            f"awarded by Crosswalk from Credly badge {link.source_id}",
            source_ref=f"{c.user_id}:cert:{c.certification_id}",
            action="certification",
        )
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


def _holds(award: dict | None) -> bool:
    if award is None or award.get("status") == "expired":
        return False
    expires = parse_date(award.get("expire_on"))
    return expires is None or expires > timezone.localdate()


def _cert_action(action):
    def handler(ctx, clients, lookups, c: CertificationChange) -> None:
        if action != "revoke" and _made_by_hub(ctx, c):
            return
        templates = _cert_templates(ctx, clients, c)
        if not templates:
            return
        award = _current_award(clients, c)
        if _holds(award) == (action == "revoke"):
            now = "holds it again" if award and action == "revoke" else "no longer holds it"
            ctx.skip(
                f"out of date: the learner {now} in Docebo",
                source_ref=f"{c.user_id}:cert:{c.certification_id}",
                action=f"{action}_badge",
            )
            return
        learner = learner_or_skip(ctx, lookups, c.user_id)
        if learner is None:
            return
        issued_on, expires_on = (
            (parse_date(award.get("issued_on")), parse_date(award.get("expire_on")))
            if award
            else (c.issued_on, c.expires_on)
        )
        ach = issue.Achievement("cert", c.certification_id, issued_on or c.issued_on, expires_on)
        for template in templates:
            if action == "revoke":
                issue.revoke(
                    ctx,
                    clients,
                    lookups,
                    learner=learner,
                    template=template,
                    ach=ach,
                    reason="The certification was revoked in Docebo",
                )
            else:
                getattr(issue, action)(ctx, clients, lookups, learner=learner, template=template, ach=ach)

    return handler


HANDLERS = {
    ev.COURSE_COMPLETED: course_completed,
    ev.LEARNING_PLAN_COMPLETED: plan_completed,
    ev.CERTIFICATION_ASSIGNED: _cert_action("issue"),
    ev.CERTIFICATION_UPDATED: _cert_action("replace"),
    ev.CERTIFICATION_UNASSIGNED: _cert_action("revoke"),
    ev.CERTIFICATION_EXPIRED: _cert_action("revoke"),
}
EVENT_TYPES = tuple(HANDLERS)
