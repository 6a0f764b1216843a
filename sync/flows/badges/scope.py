"""Resync one learner or one course: a batch run asked for with `learner` (an e-mail or a Docebo
user id) or `course` (a Docebo course id) in its params covers only that, through the same
handlers, with its records (the admin's "Resync one learner or course" on the flow).

Docebo -> Credly, learner: the learner's completed enrollments since BATCH_SYNC_START_DATE (one
listing filtered by user), each course's badge read from the course, and the learner's
certification awards. Course: the course's own badge and every completion in it. Credly -> Docebo,
learner: each mapped template's badges issued to the learner's e-mail.
"""

from dataclasses import dataclass

from integrations.docebo.client import FilterIgnored
from integrations.docebo.payloads import as_int, course_field_value
from mappings.badges.conf import badge_settings
from sync.flows.badges.docebo_field import course_field_id
from sync.flows.badges.lookups import Learner, LiveLookups
from sync.models import Outcome

LEARNER, COURSE = "learner", "course"


@dataclass(frozen=True)
class Scope:
    learner: str = ""
    course: int | None = None

    @property
    def whole(self) -> bool:
        return not self.learner and self.course is None

    @property
    def label(self) -> str:
        if self.learner:
            return f"learner {self.learner}"
        return f"course {self.course}" if self.course is not None else "everything"


def run_scope(ctx) -> Scope:
    params = ctx.run.params or {}
    return Scope(learner=str(params.get(LEARNER) or "").strip(), course=as_int(params.get(COURSE)))


def docebo_learner(ctx, clients, scope: Scope) -> Learner | None:
    """The learner the run is limited to, read from Docebo; None is recorded as skipped (and why)."""
    live = LiveLookups(clients)
    learner = live.learner(int(scope.learner)) if scope.learner.isdigit() else live.learner_by_email(scope.learner)
    if learner is None or not learner.email:
        ctx.skip(
            f"nothing resynced: Docebo has no user {scope.learner!r} with an e-mail address. Check the e-mail or "
            "user id (Admin Menu > Users in Docebo) and ask again",
            source_ref=f"learner:{scope.learner}",
            action="resync",
        )
        return None
    return learner


def learner_courses(ctx, clients, learner: Learner) -> None:
    """Checkpoint the learner's completed courses (since BATCH_SYNC_START_DATE) and their badge choices."""
    since = badge_settings().batch_sync_start_date
    try:
        done = {
            str(as_int(e.get("course_id"))): e
            for e in clients.docebo.iter_user_completions(user_id=learner.user_id, completed_since=since)
        }
    except FilterIgnored as exc:  # listing every learner's enrollments to find one's would cost the hour's calls
        ctx.record(
            source_ref=f"learner:{learner.user_id}",
            action="resync",
            outcome=Outcome.FAILED,
            message="Docebo ignores the user filter on course enrollments, so this learner's courses cannot be "
            "found alone: resync their courses one by one (Run for one course), or run the whole batch. The "
            f"learner's certifications are resynced. ({exc})",
        )
        done = {}
    ctx.read(len(done))
    ctx.checkpoint.update(
        user_id=learner.user_id,
        user_completions=done,
        courses=sorted(int(c) for c in done),
        course_badges=_own_badges(clients, list(done)),
    )


def one_course(ctx, clients, course_id: int) -> None:
    """Checkpoint the one course the run is limited to, with its badge choice."""
    ctx.checkpoint.update(courses=[course_id], course_badges=_own_badges(clients, [str(course_id)]))


def _own_badges(clients, course_ids: list[str]) -> dict[str, str]:
    """Course id -> the option chosen in its badge field, read from each course (a few courses)."""
    field_id = course_field_id(clients.docebo, badge_settings().course_additional_field)
    if field_id is None:
        return {}
    out = {}
    for course_id in course_ids:
        value = course_field_value(clients.docebo.get_course(int(course_id)), field_id)
        if value:
            out[course_id] = str(value)
    return out
