"""The tables of emulator state shown on the Docebo sandbox page."""

from integrations.docebo.models import (
    CertificationAward,
    Course,
    Enrollment,
    ExternalTraining,
    LearningPlan,
    PlanEnrollment,
    PlatformSettings,
    User,
)
from integrations.sandbox.base import Section

LIMIT = 50  # rows per table; a bulk-seeded platform holds thousands


def all_sections() -> list[Section]:
    return [_webhooks(), _users(), _courses(), _plans(), _enrollments(), _training(), _awards()]


def _webhooks() -> Section:
    config = PlatformSettings.load()
    columns = ["payload URL", "basic username", "group payloads", "API calls per hour"]
    row = [
        config.webhook_url or "(not set)",
        config.webhook_username or "(none)",
        "on" if config.group_payloads else "off",
        config.calls_per_hour or "no limit",
    ]
    return Section("Webhooks app and API limit", columns, [row])


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
        [a.user.username, a.certification.code, a.issued_on, a.expire_on or ""]
        for a in CertificationAward.objects.select_related("user", "certification").order_by("-pk")[:LIMIT]
    ]
    return Section("Certification awards", ["learner", "certification", "issued on", "expires on"], rows)
