"""Batch Docebo -> Credly (seed: "Batch Sync - Docebo to Credly", "Retrieve enrolled users by
course ID"): every course's completed enrollments since BATCH_SYNC_START_DATE, one course at a
time, through the same per-learner handler as the webhooks.

Calls: which courses carry which badge is learnt with one course listing per active template
option (`field_<field id>=<option id>`, contract §2.2, 200 a page), each course returned checked
against its own value (docebo_courses.py: a tenant may ignore that filter), so courses with no
badge (and in no mapped plan) cost nothing where the filter is honoured; then each course's
enrollments at 200 a page; users and each template's live badges read once per run (see
lookups.py) and only when something is to be issued, so a second run with nothing new reads and
writes nothing per learner. Resumable: the checkpoint holds the courses, their badge option and
the index of the next course; links make a course processed twice harmless.
"""

from integrations.docebo import events
from integrations.docebo.payloads import as_int, parse_datetime
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.docebo_courses import course_badges
from sync.flows.badges.docebo_events import completed_plans, issue_plan_badges, plan_courses
from sync.flows.badges.lookups import BulkLookups, course_option_template, learner_or_skip
from sync.models import Outcome

_CACHE: dict = {}  # run id -> its lookups, kept across slices run by this worker (their clients swapped)


def _lookups(ctx, clients) -> BulkLookups:
    """The run's bulk lookups; a later slice of the same run in this process reuses them."""
    cached = _CACHE.get("run")
    if cached and cached[0] == ctx.run.pk:
        cached[1].clients = clients
        return cached[1]
    lookups = BulkLookups(clients)
    _CACHE["run"] = (ctx.run.pk, lookups)
    return lookups


def batch(ctx) -> bool:
    clients = BadgeClients(ctx)
    lookups = _lookups(ctx, clients)
    cp = ctx.checkpoint
    mapped = selectors.lp_mappings()
    plans = plan_courses(clients, mapped) if mapped else {}
    if "course_badges" not in cp:  # also a run checkpointed before the badges were listed: its courses stay
        badges = course_badges(ctx, clients)
        if badges is None:
            return True  # the slice ended among the course reads: the next one goes on from the checkpoint
        cp["course_badges"] = badges
    if "courses" not in cp:
        in_plans = {c for courses in plans.values() for c in courses}
        cp["courses"] = sorted({as_int(c) for c in cp["course_badges"]} | in_plans)
        cp["course_index"] = 0
    courses = cp["courses"]
    ctx.progress(total=len(courses), done=cp["course_index"])
    while cp["course_index"] < len(courses):
        course_id = courses[cp["course_index"]]
        ctx.entity(
            source_ref=f"course:{course_id}",
            action="sync_course",
            fn=lambda c=course_id: sync_course(ctx, clients, lookups, c, plans, cp["course_badges"].get(str(c))),
        )
        clients.count_calls()
        ctx.progress(done=cp["course_index"] + 1)
        ctx.save_checkpoint(course_index=cp["course_index"] + 1)
        if ctx.should_yield():
            return True
    _CACHE.pop("run", None)
    return False


def sync_course(ctx, clients, lookups, course_id: int, plans: dict[int, set[int]], element: str | None) -> None:
    since = badge_settings().batch_sync_start_date
    template = course_option_template(ctx, course_id, element)
    lps = [lp for lp, courses in plans.items() if course_id in courses]
    if template is None and not lps:
        return  # neither a badge chosen for the course nor a mapped plan containing it: no enrollment read
    completions = list(clients.docebo.iter_course_enrollments(course_ids=[course_id], completed_since=since))
    ctx.read(len(completions))
    done_plans = completed_plans(clients, lps, [as_int(e["user_id"]) for e in completions]) if lps else {}
    for enr in completions:
        user_id = as_int(enr["user_id"])
        ctx.entity(
            source_ref=f"{user_id}:course:{course_id}",
            action="issue_badge",
            payload={
                "event_type": events.COURSE_COMPLETED,
                "item": {
                    "user_id": user_id,
                    "course_id": course_id,
                    "status": "completed",
                    "completion_date": enr.get("enrollment_completion_date"),
                },
            },
            fn=lambda e=enr, u=user_id: _learner_done(ctx, clients, lookups, template, course_id, u, e, done_plans),
        )


def _learner_done(ctx, clients, lookups, template, course_id, user_id, enr, done_plans) -> None:
    completed_at = parse_datetime(enr.get("enrollment_completion_date"))
    pending_templates = []
    if template is not None:
        pending_templates.append(("course", course_id, template, completed_at))
    for (uid, lp_id), done_at in done_plans.items():
        if uid == user_id:
            for mapping in selectors.lp_mappings().get(lp_id, []):
                pending_templates.append(("lp", lp_id, mapping, parse_datetime(done_at)))
    if _all_linked(user_id, pending_templates):
        ctx.record(
            source_ref=f"{user_id}:course:{course_id}",
            action="issue_badge",
            outcome=Outcome.UNCHANGED,
            message="every badge for this completion was already issued",
        )
        return
    learner = learner_or_skip(ctx, lookups, user_id, what=f"course {course_id}")
    if learner is None:
        return
    if template is not None:
        issue.issue(
            ctx,
            clients,
            lookups,
            learner=learner,
            template=template,
            ach=issue.Achievement("course", course_id, completed_at),
        )
    for (uid, lp_id), done_at in done_plans.items():
        if uid == user_id:
            issue_plan_badges(ctx, clients, lookups, learner, lp_id, parse_datetime(done_at))


def _all_linked(user_id, pending) -> bool:
    """True when a link exists for every badge this completion earns: no Docebo or Credly read needed."""
    from sync.flows.badges.issue import Achievement, _link, source_id

    for kind, object_id, what, _ in pending:
        template_id = what.credly_id if kind == "course" else what.badge_template_id
        if _link(source_id(user_id, Achievement(kind, object_id), template_id)) is None:
            return False
    return True
