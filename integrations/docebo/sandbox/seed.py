"""Demo data for the Docebo sandbox, and a fast bulk seeder for benchmarks."""

import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from integrations.docebo.sandbox import state
from integrations.docebo.sandbox.models import (
    Certification,
    Course,
    CourseField,
    Enrollment,
    EnrollmentStatus,
    LearningPlan,
    OAuthApp,
    User,
)

SANDBOX_CLIENT_ID = "crosswalk-sandbox"
BADGE_FIELD_NAME = "Credly badge"
LEARNERS = [
    ("jane.doe@example.com", "Jane", "Doe"),
    ("li.wei@example.com", "Li", "Wei"),
    ("ana.silva@example.com", "Ana", "Silva"),
    ("omar.haddad@example.com", "Omar", "Haddad"),
    ("grace.okafor@example.com", "Grace", "Okafor"),
]
COURSES = [
    ("CLD-101", "Cloud Foundations", "elearning"),
    ("CLD-150", "Cloud Storage Essentials", "elearning"),
    ("NET-210", "Secure Networking Lab", "classroom"),
    ("SEC-220", "Identity and Access Basics", "elearning"),
    ("SEC-230", "Incident Response Drill", "webinar"),
    ("DAT-110", "Data Privacy Awareness", "elearning"),
]
PLANS = [
    ("LP-CLOUD", "Cloud Foundations Path", ["CLD-101", "CLD-150"]),
    ("LP-SEC", "Security Practitioner Path", ["NET-210", "SEC-220", "SEC-230"]),
]
CERTIFICATIONS = [
    ("CERT-CLOUD", "Certified Cloud Associate", 730),
    ("CERT-SEC", "Certified Security Practitioner", 365),
]


def oauth_app() -> OAuthApp:
    app, _ = OAuthApp.objects.get_or_create(
        client_id=SANDBOX_CLIENT_ID, defaults={"name": "Crosswalk", "client_secret": secrets.token_urlsafe(24)}
    )
    return app


@transaction.atomic
def seed() -> None:
    """Learners, courses, two learning plans, two certifications, a few enrollments (idempotent)."""
    oauth_app()
    users = [state.user_create(email=e, first_name=f, last_name=last) for e, f, last in LEARNERS]
    courses = {
        code: Course.objects.get_or_create(code=code, defaults={"name": name, "course_type": kind, "credits": 2})[0]
        for code, name, kind in COURSES
    }
    for code, name, course_codes in PLANS:
        plan, created = LearningPlan.objects.get_or_create(code=code, defaults={"name": name})
        if created:
            plan.courses.set([courses[c] for c in course_codes])
    for code, title, days in CERTIFICATIONS:
        Certification.objects.get_or_create(code=code, defaults={"title": title, "validity_days": days})
    CourseField.objects.get_or_create(name=BADGE_FIELD_NAME, association="course", defaults={"field_type": "dropdown"})
    cloud, security = LearningPlan.objects.get(code="LP-CLOUD"), LearningPlan.objects.get(code="LP-SEC")
    for user in users[:3]:
        state.plan_enrol(user=user, plan=cloud)
    for user in users[2:]:
        state.plan_enrol(user=user, plan=security)
    state.enrol(user=users[0], course=courses["DAT-110"])


def seed_bulk(*, courses: int, learners: int, completions: int, completed_on: date) -> None:
    """Many completed enrollments fast (bulk inserts, no webhooks): `completions` spread over
    `courses` courses, one learner per course per completion, all completed on `completed_on`."""
    if completions > courses * learners:
        raise ValueError("completions cannot exceed courses x learners (one completion per learner per course)")
    run = secrets.token_hex(3)  # a fresh prefix per call, so repeated benchmarks never collide
    when = timezone.make_aware(datetime.combine(completed_on, time(12, 0)))
    Course.objects.bulk_create(
        [Course(code=f"B{run}-{i}", name=f"Bulk course {i}") for i in range(courses)], batch_size=500
    )
    User.objects.bulk_create(
        [
            User(
                username=f"bulk-{run}-{i}@example.com",
                email=f"bulk-{run}-{i}@example.com",
                first_name="Bulk",
                last_name=str(i),
            )
            for i in range(learners)
        ],
        batch_size=500,
    )
    course_ids = list(Course.objects.filter(code__startswith=f"B{run}-").order_by("pk").values_list("pk", flat=True))
    user_ids = list(
        User.objects.filter(username__startswith=f"bulk-{run}-").order_by("pk").values_list("pk", flat=True)
    )
    start = when - timedelta(days=30)
    rows = (
        Enrollment(
            user_id=user_ids[(i // courses) % learners],
            course_id=course_ids[i % courses],
            status=EnrollmentStatus.COMPLETED,
            created_at=start,
            updated_at=when,
            completed_at=when,
        )
        for i in range(completions)
    )
    Enrollment.objects.bulk_create(rows, batch_size=1000)
