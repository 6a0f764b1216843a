"""Changes to the emulated platform, each firing the webhooks Docebo would fire.

Used by the page actions and by the API views alike, so a change made either way behaves the
same. Invalid requests raise ValueError (the page shows it; the API answers 400).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from integrations.docebo import events
from integrations.docebo.emulator.outbound import (
    certification_item,
    course_completion_item,
    plan_completion_item,
    send_events,
)
from integrations.docebo.models import (
    Certification,
    CertificationAward,
    Course,
    CourseField,
    CourseFieldOption,
    CourseFieldValue,
    Enrollment,
    EnrollmentStatus,
    LearningPlan,
    PlanEnrollment,
    User,
)


def user_create(*, email: str, first_name: str = "", last_name: str = "") -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise ValueError(f"{email!r} is not an e-mail address")
    user, _ = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first_name, "last_name": last_name}
    )
    return user


def enrol(*, user: User, course: Course, when: datetime | None = None) -> Enrollment:
    when = when or timezone.now()
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user, course=course, defaults={"created_at": when, "updated_at": when}
    )
    return enrollment


def plan_enrol(*, user: User, plan: LearningPlan, when: datetime | None = None) -> PlanEnrollment:
    """Enrolling in a plan enrols in each of its courses too, as Docebo does."""
    when = when or timezone.now()
    for course in plan.courses.all():
        enrol(user=user, course=course, when=when)
    enrollment, _ = PlanEnrollment.objects.get_or_create(
        user=user, plan=plan, defaults={"created_at": when, "updated_at": when}
    )
    return enrollment


@transaction.atomic
def complete_course(*, users: list[User], course: Course, when: datetime | None = None) -> list[Enrollment]:
    """Mark the course completed for these learners; fires course.enrollment.completed (not .updated),
    and learningplan.enrollment.completed for each plan this completion finishes."""
    when = when or timezone.now()
    done, plans_done = [], []
    for user in users:
        enrollment = enrol(user=user, course=course, when=when)
        if enrollment.status == EnrollmentStatus.COMPLETED:
            continue  # already completed: Docebo fires nothing new
        enrollment.status, enrollment.completed_at, enrollment.updated_at = EnrollmentStatus.COMPLETED, when, when
        enrollment.save(update_fields=["status", "completed_at", "updated_at"])
        done.append(enrollment)
        plans_done += _finish_plans(user, course, when)
    send_events(events.COURSE_COMPLETED, [course_completion_item(e) for e in done], batch_action=len(users) > 1)
    send_events(
        events.LEARNING_PLAN_COMPLETED, [plan_completion_item(p) for p in plans_done], batch_action=len(users) > 1
    )
    return done


def _finish_plans(user: User, course: Course, when: datetime) -> list[PlanEnrollment]:
    finished = []
    pending = PlanEnrollment.objects.filter(user=user, plan__courses=course, completed_at__isnull=True)
    for plan_enrollment in pending.select_related("plan", "user"):
        course_ids = set(plan_enrollment.plan.courses.values_list("pk", flat=True))
        completed = set(
            Enrollment.objects.filter(
                user=user, course_id__in=course_ids, status=EnrollmentStatus.COMPLETED
            ).values_list("course_id", flat=True)
        )
        if course_ids and course_ids <= completed:
            plan_enrollment.completed_at = plan_enrollment.updated_at = when
            plan_enrollment.save(update_fields=["completed_at", "updated_at"])
            finished.append(plan_enrollment)
    return finished


def set_course_option(*, course: Course, field: CourseField, option: CourseFieldOption | None) -> None:
    """Select a dropdown option for a course; None resets the field to its default (nothing selected)."""
    if option is not None and option.field_id != field.pk:
        raise ValueError(f"option {option.pk} does not belong to field {field.pk}")
    CourseFieldValue.objects.update_or_create(course=course, field=field, defaults={"option": option})


@transaction.atomic
def award(*, certification: Certification, user: User, issued_on: date, expire_on: date | None) -> CertificationAward:
    if CertificationAward.objects.filter(certification=certification, user=user).exists():
        raise ValueError(f"{user} already holds {certification.code}")
    granted = CertificationAward.objects.create(
        certification=certification, user=user, issued_on=issued_on, expire_on=expire_on
    )
    send_events(events.CERTIFICATION_ASSIGNED, [certification_item(granted)])
    return granted


@transaction.atomic
def award_update(
    *, certification: Certification, user: User, issued_on: date, expire_on: date | None
) -> CertificationAward:
    granted = _award_of(certification, user)
    granted.issued_on, granted.expire_on = issued_on, expire_on
    granted.save(update_fields=["issued_on", "expire_on"])
    send_events(events.CERTIFICATION_UPDATED, [certification_item(granted)])
    return granted


@transaction.atomic
def award_revoke(*, certification: Certification, user: User) -> None:
    granted = _award_of(certification, user)
    item = certification_item(granted)
    granted.delete()
    send_events(events.CERTIFICATION_UNASSIGNED, [item])


@transaction.atomic
def award_expire(*, certification: Certification, user: User) -> CertificationAward:
    """The validity ran out today: the award stays in history with its expiry, and Docebo says so."""
    granted = _award_of(certification, user)
    granted.expire_on = timezone.localdate()
    granted.save(update_fields=["expire_on"])
    send_events(events.CERTIFICATION_EXPIRED, [certification_item(granted)])
    return granted


def _award_of(certification: Certification, user: User) -> CertificationAward:
    granted = (
        CertificationAward.objects.filter(certification=certification, user=user)
        .select_related("certification", "user")
        .first()
    )
    if granted is None:
        raise LookupError(f"{user} does not hold {certification.code}")
    return granted
