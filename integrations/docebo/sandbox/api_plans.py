"""Emulated learning plans and plan enrollments (§3.4)."""

from integrations.docebo.sandbox.http import endpoint, int_list, page, stamp
from integrations.docebo.sandbox.models import Enrollment, EnrollmentStatus, LearningPlan, PlanEnrollment

EXTRA_FIELDS = (
    "enrollment_status",
    "enrollment_completion_date",
    "enrollment_completion_percentage",
    "enrollment_time_spent",
)


@endpoint("GET")
def learning_plans(request):
    with_courses = request.GET.get("return_courses") in ("true", "1")

    def item(plan: LearningPlan) -> dict:
        out = {"id": plan.pk, "code": plan.code, "name": plan.name}
        if with_courses:
            out["courses"] = [{"id_course": c.pk} for c in plan.courses.order_by("pk")]
        return out

    return page(request, LearningPlan.objects.prefetch_related("courses"), item, sort_attr="name")


@endpoint("GET")
def plan_enrollments(request):
    rows = PlanEnrollment.objects.select_related("plan")
    if plan_ids := int_list(request, "learning_plan_id"):
        rows = rows.filter(plan_id__in=plan_ids)
    if user_ids := int_list(request, "user_id"):
        rows = rows.filter(user_id__in=user_ids)
    wanted = [f for f in request.GET.getlist("extra_fields[]") if f in EXTRA_FIELDS]
    return page(request, rows, lambda e: _item(e, wanted), sort_attr="user_id")


def _item(enrollment: PlanEnrollment, wanted: list[str]) -> dict:
    out = {
        "user_id": enrollment.user_id,
        "learning_plan_id": enrollment.plan_id,
        "enrollment_created_at": stamp(enrollment.created_at),
        "enrollment_date_last_updated": stamp(enrollment.updated_at),
    }
    if not wanted:
        return out  # status and completion come only when asked through extra_fields[] (§3.4)
    course_ids = list(enrollment.plan.courses.values_list("pk", flat=True))
    rows = Enrollment.objects.filter(user_id=enrollment.user_id, course_id__in=course_ids)
    completed = rows.filter(status=EnrollmentStatus.COMPLETED).count()
    started = rows.exclude(status=EnrollmentStatus.SUBSCRIBED).exists()
    status = "completed" if enrollment.completed_at else "in_progress" if started else "not_started"
    extra = {
        "enrollment_status": status,
        "enrollment_completion_date": stamp(enrollment.completed_at),
        "enrollment_completion_percentage": round(100 * completed / len(course_ids)) if course_ids else 0,
        "enrollment_time_spent": 0,
    }
    return {**out, **{k: extra[k] for k in wanted}}
