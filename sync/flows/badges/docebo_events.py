"""Docebo -> Credly in real time (seed: "Event Dispatcher - Docebo to Credly", "Assign Credly badge
for Course Additional Field element", "Assign Credly badges for Learning Plans", "Process
certifications"). One small handler per Docebo event type, gathered in HANDLERS; certifications
are in docebo_certifications.py.

A webhook is a hint (DESIGN.md): it says which learner and which course or plan to look at, and
the handler reads the enrollment from Docebo's API before anything is issued. A completion Docebo
does not hold (not completed, or no enrollment at all) issues nothing, and the dates written are
Docebo's, not the body's.
"""

from integrations.docebo import events as ev
from integrations.docebo.payloads import CourseCompletion, LearningPlanCompletion, as_int, parse_datetime, parse_item
from mappings.badges import selectors
from mappings.badges.conf import badge_settings, settings_pinned
from sync.flows.badges import issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.docebo_certifications import cert_action
from sync.flows.badges.docebo_field import course_choice, course_field_id
from sync.flows.badges.lookups import LiveLookups, course_option_template, learner_or_skip
from sync.models import Outcome


def on_event(ctx, event) -> None:
    clients = BadgeClients(ctx)
    with settings_pinned():  # one event, one reading of the settings
        handle_item(ctx, clients, LiveLookups(clients), event.event_type, event.payload)
    clients.count_calls()


def on_replay(ctx, payload: dict) -> None:
    clients = BadgeClients(ctx)
    with settings_pinned():
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
    return course_option_template(ctx, course_id, course_choice(clients.docebo, course_id, field_id))


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
    """(user id, plan id) -> completion date, for plans these users have completed (each item
    checked: a tenant ignoring the user filter must not lend one learner another's plans)."""
    users, out = {as_int(u) for u in user_ids}, {}
    for enr in clients.docebo.iter_learning_plan_enrollments(learning_plan_ids=plan_ids, user_ids=user_ids):
        if enr.get("enrollment_status") == "completed" and as_int(enr.get("user_id")) in users:
            out[(as_int(enr.get("user_id")), as_int(enr.get("learning_plan_id")))] = enr.get(
                "enrollment_completion_date"
            )
    return out


def _not_completed(ctx, what: str, ref: str, enrollment: dict | None) -> bool:
    """True (and recorded) when Docebo does not hold the enrollment the webhook says was completed."""
    if enrollment is not None and enrollment.get("enrollment_status") == "completed":
        return False
    state = "no enrollment" if enrollment is None else f"status {enrollment.get('enrollment_status')!r}"
    ctx.skip(
        f"Docebo shows {state} in this {what}, not a completion: nothing issued", source_ref=ref, action="issue_badge"
    )
    return True


def course_completed(ctx, clients, lookups, c: CourseCompletion) -> None:
    ref = f"{c.user_id}:course:{c.course_id}"
    enrollment = clients.docebo.course_enrollment(course_id=c.course_id, user_id=c.user_id)
    if _not_completed(ctx, "course", ref, enrollment):
        return
    learner = learner_or_skip(ctx, lookups, c.user_id, what=f"course {c.course_id}")
    if learner is None:
        return
    completed_at = parse_datetime(enrollment.get("enrollment_completion_date"))
    template = course_template(ctx, clients, c.course_id)
    if template is not None:
        ach = issue.Achievement("course", c.course_id, completed_at)
        issue.issue(ctx, clients, lookups, learner=learner, template=template, ach=ach)
    plans = mapped_plans_with_course(clients, c.course_id)
    if plans:
        for (_, lp_id), done_at in completed_plans(clients, plans, [c.user_id]).items():
            issue_plan_badges(ctx, clients, lookups, learner, lp_id, parse_datetime(done_at))
    elif template is None:
        # Say so on the run, so an admin who expected a badge sees why none was issued.
        ctx.skip(
            "no badge chosen in the course's badge field, and no mapped learning plan contains the course",
            source_ref=ref,
            action="issue_badge",
        )


def plan_completed(ctx, clients, lookups, p: LearningPlanCompletion) -> None:
    ref = f"{p.user_id}:lp:{p.learning_plan_id}"
    if p.learning_plan_id not in selectors.lp_mappings():
        ctx.skip("no active mapping for this learning plan", source_ref=ref, action="issue_badge")
        return
    enrollment = clients.docebo.learning_plan_enrollment(learning_plan_id=p.learning_plan_id, user_id=p.user_id)
    if _not_completed(ctx, "learning plan", ref, enrollment):
        return
    learner = learner_or_skip(ctx, lookups, p.user_id, what=f"learning plan {p.learning_plan_id}")
    if learner is not None:
        done_at = parse_datetime(enrollment.get("enrollment_completion_date"))
        issue_plan_badges(ctx, clients, lookups, learner, p.learning_plan_id, done_at)


HANDLERS = {
    ev.COURSE_COMPLETED: course_completed,
    ev.LEARNING_PLAN_COMPLETED: plan_completed,
    ev.CERTIFICATION_ASSIGNED: cert_action("issue"),
    ev.CERTIFICATION_UPDATED: cert_action("replace"),
    ev.CERTIFICATION_UNASSIGNED: cert_action("revoke"),
    ev.CERTIFICATION_EXPIRED: cert_action("revoke"),
}
EVENT_TYPES = tuple(HANDLERS)
