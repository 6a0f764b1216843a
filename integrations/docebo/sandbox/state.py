"""Changes to the emulated platform, each firing the webhooks Docebo would fire.

Used by the page actions and by the API views alike, so a change made either way behaves the
same. Invalid requests raise ValueError (the page shows it; the API answers 400).

The emulated Webhooks app (at the end) builds Docebo's envelope and posts it to the hub through
the sandbox outbox. Single mode sends one message per event with `payload`; with "Allow the
platform to group payloads" on, events of one type travel together in `payloads`, at most 25 a
message (§4.2).
"""

import base64
import uuid
from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.docebo import events
from integrations.docebo.sandbox.http import day, stamp
from integrations.docebo.sandbox.models import (
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
    Webhook,
)
from integrations.sandbox.outbox import send_webhook


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
def award(
    *, certification: Certification, user: User, issued_on: date, expire_on: date | None, origin: dict | None = None
) -> CertificationAward:
    """`origin`: association_type, source and external_link (an external certification), else internal."""
    if CertificationAward.objects.filter(certification=certification, user=user).exists():
        raise ValueError(f"{user} already holds {certification.code}")
    granted = CertificationAward.objects.create(
        certification=certification, user=user, issued_on=issued_on, expire_on=expire_on, **(origin or {})
    )
    send_events(events.CERTIFICATION_ASSIGNED, [certification_item(granted)])
    return granted


@transaction.atomic
def award_update(
    *, certification: Certification, user: User, issued_on: date, expire_on: date | None, origin: dict | None = None
) -> CertificationAward:
    """`origin` None keeps the award's association type, source and link."""
    granted = _award_of(certification, user)
    granted.issued_on, granted.expire_on = issued_on, expire_on
    for name, value in (origin or {}).items():
        setattr(granted, name, value)
    granted.save(update_fields=["issued_on", "expire_on", *(origin or {})])
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


# The emulated Webhooks app
def send_events(event_type: str, items: list[dict], *, batch_action: bool = False) -> int:
    """Queue the deliveries for these event items to every active webhook subscribed to the event
    (after commit); returns how many messages."""
    sent = 0
    for hook in Webhook.objects.filter(active=True) if items else []:
        if event_type not in hook.events:
            continue
        if hook.group_payloads:
            groups = [items[i : i + events.GROUP_LIMIT] for i in range(0, len(items), events.GROUP_LIMIT)]
        else:
            groups = [[item] for item in items]
        for group in groups:
            body = _envelope(hook, event_type, batch_action)
            if hook.group_payloads:
                body["payloads"] = group
            else:
                body["payload"] = group[0]
            send_webhook(system="docebo", url=hook.payload_url, body=body, headers=_auth(hook), event_type=event_type)
        sent += len(groups)
    return sent


def _envelope(hook: Webhook, event_type: str, batch_action: bool) -> dict:
    now = timezone.now().strftime("%Y%m%d-%H%M%S")
    return {
        "webhook_id": hook.pk,
        "original_domain": urlsplit(settings.HUB_BASE_URL).hostname,
        "event": event_type,
        "fired_by_batch_action": batch_action,
        "message_id": f"wh-{now}-{uuid.uuid4()}",
    }


def _auth(hook: Webhook) -> dict:
    if not hook.username:
        return {}
    raw = f"{hook.username}:{hook.password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def course_completion_item(enrollment) -> dict:
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": enrollment.user_id,
        "username": enrollment.user.username,
        "course_id": enrollment.course_id,
        "course_name": enrollment.course.name,
        "level": "student",
        "enrollment_date": stamp(enrollment.created_at),
        "enrollment_date_begin_validity": None,
        "enrollment_date_end_validity": None,
        "subscribed_by_id": 1,
        "status": enrollment.status,
        "completion_date": stamp(enrollment.completed_at),
    }


def plan_completion_item(plan_enrollment) -> dict:
    plan = plan_enrollment.plan
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": plan_enrollment.user_id,
        "username": plan_enrollment.user.username,
        "learning_plan_id": plan.pk,
        "learning_plan_code": plan.code,
        "learning_plan_name": plan.name,
        "status": "completed",
        "completion_date": stamp(plan_enrollment.completed_at),
    }


def certification_item(award) -> dict:
    cert = award.certification
    return {
        "fired_at": stamp(timezone.now()),
        "user_id": award.user_id,
        "username": award.user.username,
        "certification_id": cert.pk,
        "certification_code": cert.code,
        "certification_title": cert.title,
        "issued_on": day(award.issued_on),
        "expire_on": day(award.expire_on),
    }
