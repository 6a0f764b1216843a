"""The Docebo sandbox page: what an admin or learner would do in the product (buttons), and the
tables of emulator state shown below them."""

from datetime import date

from django.utils import timezone

from integrations.docebo import events
from integrations.docebo.sandbox import state
from integrations.docebo.sandbox.models import (
    Certification,
    CertificationAward,
    Course,
    CourseField,
    CourseFieldOption,
    Enrollment,
    EnrollmentStatus,
    ExternalTraining,
    LearningPlan,
    PlanEnrollment,
    PlatformSettings,
    User,
)
from integrations.sandbox.base import Action, ActionField, Section

EVERYONE = "everyone"
LIMIT = 50  # rows per table; a bulk-seeded platform holds thousands


def _learners():
    return [(str(u.pk), f"{u.email} (#{u.pk})") for u in User.objects.order_by("pk")[:200]]


def _courses():
    return [(str(c.pk), f"{c.code} {c.name} (#{c.pk})") for c in Course.objects.order_by("pk")[:200]]


def _plans():
    return [(str(p.pk), f"{p.code} {p.name}") for p in LearningPlan.objects.order_by("pk")]


def _certifications():
    return [(str(c.pk), f"{c.code} {c.title}") for c in Certification.objects.order_by("pk")]


def _options():
    choices = [("", "(none: reset to default)")]
    for option in CourseFieldOption.objects.select_related("field").order_by("field_id", "pk"):
        choices.append((f"{option.field_id}:{option.pk}", f"{option.field.name}: {option.label} (#{option.pk})"))
    return choices


def _get(model, pk: str):
    try:
        return model.objects.get(pk=int(pk))
    except (ValueError, model.DoesNotExist):
        raise LookupError(f"no {model._meta.verbose_name} #{pk}") from None


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def create_learner(email: str, first_name: str, last_name: str) -> str:
    user = state.user_create(email=email, first_name=first_name, last_name=last_name)
    return f"Learner {user.email} is user #{user.pk}."


def enrol(learner: str, course: str) -> str:
    enrollment = state.enrol(user=_get(User, learner), course=_get(Course, course))
    return f"{enrollment.user} is enrolled in {enrollment.course}."


def enrol_plan(learner: str, plan: str) -> str:
    enrollment = state.plan_enrol(user=_get(User, learner), plan=_get(LearningPlan, plan))
    return f"{enrollment.user} is enrolled in {enrollment.plan} and its courses."


def complete_course(learner: str, course: str) -> str:
    target = _get(Course, course)
    if learner == EVERYONE:
        pending = Enrollment.objects.filter(course=target).exclude(status=EnrollmentStatus.COMPLETED)
        users = [e.user for e in pending.select_related("user")]
    else:
        users = [_get(User, learner)]
    done = state.complete_course(users=users, course=target)
    return f"{len(done)} completion(s) of {target} recorded; webhooks queued to the subscribed webhooks."


def set_badge(course: str, option: str) -> str:
    target = _get(Course, course)
    if not option:
        for field in CourseField.objects.filter(field_type="dropdown"):
            state.set_course_option(course=target, field=field, option=None)
        return f"{target}: dropdown fields reset to default."
    _, _, option_id = option.partition(":")
    chosen = _get(CourseFieldOption, option_id)
    state.set_course_option(course=target, field=chosen.field, option=chosen)
    return f"{target}: {chosen.field.name} = {chosen.label}."


def award(learner: str, certification: str, issued_on: str, expires_on: str) -> str:
    granted = state.award(
        certification=_get(Certification, certification),
        user=_get(User, learner),
        issued_on=_day(issued_on) or timezone.localdate(),
        expire_on=_day(expires_on),
    )
    return f"{granted.user} now holds {granted.certification.code}."


def update_award(learner: str, certification: str, issued_on: str, expires_on: str) -> str:
    granted = state.award_update(
        certification=_get(Certification, certification),
        user=_get(User, learner),
        issued_on=_day(issued_on) or timezone.localdate(),
        expire_on=_day(expires_on),
    )
    return f"{granted.user}'s {granted.certification.code} updated."


def revoke(learner: str, certification: str) -> str:
    cert, user = _get(Certification, certification), _get(User, learner)
    state.award_revoke(certification=cert, user=user)
    return f"{cert.code} revoked from {user}."


def expire(learner: str, certification: str) -> str:
    granted = state.award_expire(certification=_get(Certification, certification), user=_get(User, learner))
    return f"{granted.user}'s {granted.certification.code} expired today."


def set_call_limit(calls_per_hour: str) -> str:
    try:
        limit = int(calls_per_hour or 0)
    except ValueError:
        raise ValueError("calls per hour must be a whole number") from None
    PlatformSettings.objects.update_or_create(pk=1, defaults={"calls_per_hour": max(0, limit)})
    return f"API limit: {limit} calls per hour per address." if limit > 0 else "API limit: off."


LEARNER = ActionField("learner", "Learner", choices=_learners)
COURSE = ActionField("course", "Course", choices=_courses)
CERT = ActionField("certification", "Certification", choices=_certifications)
ISSUED = ActionField("issued_on", "Issued on (YYYY-MM-DD, blank: today)")
EXPIRES = ActionField("expires_on", "Expires on (YYYY-MM-DD, blank: never)")
ACTIONS = [
    Action(
        "create-learner",
        "Create a learner",
        create_learner,
        (
            ActionField("email", "E-mail"),
            ActionField("first_name", "First name"),
            ActionField("last_name", "Last name"),
        ),
    ),
    Action("enrol", "Enrol a learner in a course", enrol, (LEARNER, COURSE)),
    Action(
        "enrol-plan",
        "Enrol a learner in a learning plan",
        enrol_plan,
        (LEARNER, ActionField("plan", "Learning plan", choices=_plans)),
    ),
    Action(
        "complete-course",
        "Mark a course completed",
        complete_course,
        (
            ActionField("learner", "Learner", choices=lambda: [(EVERYONE, "every enrolled learner"), *_learners()]),
            COURSE,
        ),
        help=f"Fires {events.COURSE_COMPLETED}, and {events.LEARNING_PLAN_COMPLETED} when it "
        "finishes a plan the learner is enrolled in.",
    ),
    Action(
        "set-badge",
        "Set a course's badge dropdown",
        set_badge,
        (COURSE, ActionField("option", "Option", choices=_options)),
    ),
    Action("award-certification", "Award a certification", award, (LEARNER, CERT, ISSUED, EXPIRES)),
    Action("update-certification", "Update a certification award", update_award, (LEARNER, CERT, ISSUED, EXPIRES)),
    Action("revoke-certification", "Revoke a certification", revoke, (LEARNER, CERT)),
    Action("expire-certification", "Expire a certification today", expire, (LEARNER, CERT)),
    Action(
        "call-limit",
        "Set the API call limit",
        set_call_limit,
        (ActionField("calls_per_hour", "Calls per hour per address (0: no limit; Docebo: 1000)", default="0"),),
        help="Past the limit the API answers 429 until the next clock hour.",
    ),
]


def sections() -> list[Section]:
    return [_limit(), _users(), _courses(), _plans(), _enrollments(), _training(), _awards()]


def _limit() -> Section:
    config = PlatformSettings.load()
    return Section("API limit", ["API calls per hour per address"], [[config.calls_per_hour or "no limit"]])


def _users() -> Section:
    rows = [[u.pk, u.username, u.fullname] for u in User.objects.order_by("pk")[:LIMIT]]
    return Section("Users", ["user_id", "username / e-mail", "name"], rows)


def _courses() -> Section:
    rows = []
    for course in Course.objects.prefetch_related("field_values__option", "field_values__field").order_by("pk")[:LIMIT]:
        values = ", ".join(
            f"{v.field.name}: {v.option.label if v.option else '(default)'}" for v in course.field_values.all()
        )
        rows.append([course.pk, course.code, course.name, course.course_type, values or "-"])
    return Section("Courses", ["id_course", "code", "name", "type", "dropdown values"], rows)


def _plans() -> Section:
    rows = [
        [p.pk, p.code, p.name, ", ".join(c.code for c in p.courses.order_by("pk"))]
        for p in LearningPlan.objects.prefetch_related("courses").order_by("pk")
    ]
    return Section("Learning plans", ["id", "code", "name", "courses"], rows)


def _enrollments() -> Section:
    rows = [
        [e.user.username, e.course.code, e.status, e.completed_at or ""]
        for e in Enrollment.objects.select_related("user", "course").order_by("-updated_at")[:LIMIT]
    ]
    rows += [
        [p.user.username, p.plan.code, "completed" if p.completed_at else "enrolled (plan)", p.completed_at or ""]
        for p in PlanEnrollment.objects.select_related("user", "plan").order_by("-updated_at")[:LIMIT]
    ]
    return Section("Enrollments", ["learner", "course / plan", "status", "completed at"], rows)


def _training() -> Section:
    rows = [
        [t.pk, t.user.username, t.course_name, t.training_institute, t.to_date, t.expiration_date or "", t.certificate]
        for t in ExternalTraining.objects.select_related("user").order_by("-pk")[:LIMIT]
    ]
    return Section(
        "External training", ["id", "learner", "course name", "institute", "date", "expires", "certificate"], rows
    )


def _awards() -> Section:
    rows = [
        [a.user.username, a.certification.code, a.issued_on, a.expire_on or "", _origin(a)]
        for a in CertificationAward.objects.select_related("user", "certification").order_by("-pk")[:LIMIT]
    ]
    return Section(
        "Certification awards", ["learner", "certification", "issued on", "expires on", "source (link)"], rows
    )


def _origin(award: CertificationAward) -> str:
    """What a learner sees at the end of the row in My Activities > Certifications."""
    if award.association_type != "external":
        return "-"
    return f"{award.source} ({award.external_link})"


def actions() -> list[Action]:
    return ACTIONS
