"""Batch Docebo -> Credly (seed: "Batch Sync - Docebo to Credly", "Retrieve enrolled users by
course ID"): every course's completed enrollments since BATCH_SYNC_START_DATE, one course at a
time, through the same per-learner handler as the webhooks; then every mapped certification's
awards (docebo_batch_certs.py). A run may be limited to one learner or one course (scope.py).

Calls: which courses carry which badge is learnt with one course listing per template option
(`field_<field id>=<option id>`, contract §2.2, 200 a page; an inactive template's option too, so
its courses are recorded as skipped as the webhooks do), the listings checked against the courses'
own values (docebo_courses.py: a tenant may ignore that filter), so courses with no badge (and in
no mapped plan) cost nothing where the filter is honoured; then the courses' enrollments, many
courses per listing at 200 a page (docebo_completions.py); users and each template's live badges
read once per run (see lookups.py) and only when something is to be issued, so a second run with
nothing new reads and writes nothing per learner. Resumable: the checkpoint holds the courses, their
badge option and the index of the next course; links make a course processed twice harmless.
"""

from integrations.docebo import events
from integrations.docebo.payloads import as_int, parse_datetime
from mappings.badges import selectors
from mappings.badges.conf import badge_settings
from sync.flows.badges import issue
from sync.flows.badges.common import BadgeClients
from sync.flows.badges.docebo_batch_certs import sync_awards
from sync.flows.badges.docebo_completions import CompletionWindow
from sync.flows.badges.docebo_courses import course_badges
from sync.flows.badges.docebo_events import completed_plans, issue_plan_badges, plan_courses
from sync.flows.badges.lookups import BulkLookups, LiveLookups, course_option_template, learner_or_skip
from sync.flows.badges.scope import docebo_learner, learner_courses, one_course, run_scope
from sync.models import Outcome

_CACHE: dict = {}  # the run's lookups and enrollment window, kept across slices run by this worker


def _cached(ctx, clients) -> tuple[BulkLookups, CompletionWindow]:
    """The run's bulk lookups and enrollment window: a later slice of the same run in this process reuses
    them (their clients swapped), so a slice boundary re-reads neither the users nor the window."""
    cached = _CACHE.get("run")
    if cached and cached[0] == ctx.run.pk:
        lookups, window = cached[1]
        lookups.clients, window.client = clients, clients.docebo
        return lookups, window
    parts = (BulkLookups(clients), CompletionWindow(clients.docebo, badge_settings().batch_sync_start_date))
    _CACHE["run"] = (ctx.run.pk, parts)
    return parts


def batch(ctx) -> bool:
    clients = BadgeClients(ctx)
    scope = run_scope(ctx)
    # one learner: each question asked of the API; otherwise every user and badge read once
    lookups, window = _cached(ctx, clients)
    if scope.learner:
        lookups = LiveLookups(clients)
    cp = ctx.checkpoint
    if not scope.whole:
        cp.setdefault("scope", scope.label)  # shown on the run's page (Checkpoint)
    mapped = selectors.lp_mappings()
    plans = plan_courses(clients, mapped) if mapped else {}
    if "courses" not in cp and not _plan_courses(ctx, clients, scope, plans):
        return True  # the slice ended among the course reads: the next one goes on from the checkpoint
    courses = cp["courses"]
    cp.setdefault("course_index", 0)
    # a slice resumed in the certification step counts its certifications too
    ctx.progress(total=len(courses) + len(cp.get("certs") or []), done=cp["course_index"] + cp.get("cert_index", 0))
    while cp["course_index"] < len(courses):
        course_id = courses[cp["course_index"]]
        ctx.entity(
            source_ref=f"course:{course_id}",
            action="sync_course",
            fn=lambda c=course_id: sync_course(ctx, clients, lookups, c, plans, scope, window),
        )
        clients.count_calls()
        ctx.progress(done=cp["course_index"] + 1)
        ctx.save_checkpoint(course_index=cp["course_index"] + 1)
        if ctx.should_yield():
            return True
    awards = scope.course is None and not cp.get("no_learner")  # certifications are no course's
    if awards and sync_awards(ctx, clients, lookups, user_id=cp.get("user_id")):
        return True
    _CACHE.pop("run", None)
    return False


def _plan_courses(ctx, clients, scope, plans: dict[int, set[int]]) -> bool:
    """Checkpoint the courses the run covers and their badge choices; False when the slice ran out."""
    cp = ctx.checkpoint
    if scope.course is not None:
        one_course(ctx, clients, scope.course)
    elif scope.learner:
        learner = docebo_learner(ctx, clients, scope)
        if learner is None:
            cp.update(courses=[], course_badges={}, no_learner=True)
        else:
            learner_courses(ctx, clients, learner)
    else:
        if "course_badges" not in cp:  # also a run checkpointed before the badges were listed: its courses stay
            badges = course_badges(ctx, clients)
            if badges is None:
                return False
            cp["course_badges"] = badges
        in_plans = {c for courses in plans.values() for c in courses}
        cp["courses"] = sorted({as_int(c) for c in cp["course_badges"]} | in_plans)
    cp["course_index"] = 0
    return True


def sync_course(ctx, clients, lookups, course_id: int, plans: dict[int, set[int]], scope, window) -> None:
    cp = ctx.checkpoint
    template = course_option_template(ctx, course_id, cp["course_badges"].get(str(course_id)))
    lps = [lp for lp, courses in plans.items() if course_id in courses]
    if template is None and not lps:
        if scope is not None and not scope.whole:  # asked for by name: say why nothing happens
            ctx.skip(
                "no active badge is chosen in this course's badge field, and no mapped learning plan contains it",
                source_ref=f"course:{course_id}",
                action="sync_course",
            )
        return  # neither a badge chosen for the course nor a mapped plan containing it: no enrollment read
    if "user_completions" in cp:  # one learner's run: their own enrollment, read with their courses
        completions = [cp["user_completions"][str(course_id)]]
    else:
        completions = window.of(course_id, _courses_to_read(cp, plans))
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


def _courses_to_read(cp, plans: dict[int, set[int]]):
    """The courses after the current one whose enrollments will be read: an active badge chosen, or in a
    mapped plan (what sync_course asks, without its skip records). Lazy: only a window's worth is taken."""
    in_plans = {c for courses in plans.values() for c in courses}
    active = {t.dropdown_element_id for t in selectors.templates_with_option() if t.is_active}
    for course_id in cp["courses"][cp["course_index"] + 1 :]:
        if course_id in in_plans or cp["course_badges"].get(str(course_id)) in active:
            yield course_id


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
    for kind, object_id, what, _ in pending:
        template_id = what.credly_id if kind == "course" else what.badge_template_id
        if not issue.linked(user_id, issue.Achievement(kind, object_id), template_id):
            return False
    return True
