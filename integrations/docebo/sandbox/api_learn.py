"""Emulated users, courses and course enrollments (contract §3.1-§3.3)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from integrations.docebo.sandbox import state
from integrations.docebo.sandbox.http import ApiError, body_json, endpoint, int_list, one, page, stamp
from integrations.docebo.sandbox.models import (
    Course,
    CourseField,
    CourseFieldOption,
    CourseFieldValue,
    Enrollment,
    EnrollmentStatus,
    User,
)
from integrations.sandbox.variants import variant_on

# /course/v1 names the "subscribed" status "enrolled" (§3.3)
COURSE_V1_STATUS = {EnrollmentStatus.SUBSCRIBED: "enrolled"}


def user_item(user: User) -> dict:
    # list endpoints send user_id as a string on real tenants (§1.3): the emulator does too
    return {
        "user_id": str(user.pk),
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "fullname": user.fullname,
        "email": user.email,
        "level": "user",
        "status": "1",
        "creation_date": stamp(user.created_at),
    }


@endpoint("GET")
def users(request):
    rows = User.objects.all()
    text = request.GET.get("search_text", "").strip()
    if text and request.GET.get("match_type") == "full":
        rows = rows.filter(
            Q(username__iexact=text) | Q(email__iexact=text) | Q(first_name__iexact=text) | Q(last_name__iexact=text)
        )
    elif text:
        rows = rows.filter(
            Q(username__icontains=text)
            | Q(email__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    return page(request, rows, user_item, sort_attr="user_id")


@endpoint("GET")
def user_detail(request, user_id: int):
    user = get_object_or_404(User, pk=user_id)
    return one(
        {"user_data": {**user_item(user), "user_id": user.pk, "valid": "1", "last_update": stamp(user.created_at)}}
    )


def course_item(course: Course) -> dict:
    return {
        "id_course": course.pk,
        "name": course.name,
        "code": course.code,
        "course_type": course.course_type,
        "uidCourse": f"E-{course.pk:06d}",
        "language": "english",
        "credits": float(course.credits),
        "date_last_updated": course.updated_at.date().isoformat(),
    }


@endpoint("GET")
def courses(request):
    rows = Course.objects.all()
    for key, value in request.GET.items():
        if variant_on("docebo", "ignores_course_filter"):
            break  # the variant: the filter is not applied (nor checked) at all
        if key.startswith("field_") and key[6:].isdigit():  # dropdown filter by option id (§2.2)
            if not value.isdigit():
                raise ApiError(400, f"{key} takes an option id, not {value!r}")
            rows = rows.filter(field_values__field_id=int(key[6:]), field_values__option_id=int(value))
    return page(request, rows, course_item, sort_attr="id_course")


@endpoint("GET", "PUT")
def course_detail(request, course_id: int):
    course = get_object_or_404(Course, pk=course_id)
    if request.method == "PUT":
        _set_fields(course, body_json(request).get("additional_fields") or {})
        return one({"success": True})
    item = course_item(course)
    item["type"] = item.pop("course_type")  # the detail says `type` (§3.2)
    values = CourseFieldValue.objects.filter(course=course).select_related("field")
    item["additional_fields"] = [
        {
            "id": v.field_id,
            "title": v.field.name,
            "type": v.field.field_type,
            "value": v.option_id if v.field.field_type == "dropdown" else v.text,
        }
        for v in values
    ]
    return one(item)


def _set_fields(course: Course, values: dict) -> None:
    for field_id, value in values.items():
        field = CourseField.objects.filter(pk=field_id).first()
        if field is None:
            raise ApiError(400, f"no course additional field {field_id}")
        option = None
        if value not in (None, "", 0, "0"):
            option = CourseFieldOption.objects.filter(pk=value, field=field).first()
            if option is None:
                raise ApiError(400, f"{value} is not an option of field {field_id}")
        state.set_course_option(course=course, field=field, option=option)


def enrollment_item(enrollment: Enrollment) -> dict:
    return {
        "user_id": enrollment.user_id,
        "course_id": enrollment.course_id,
        "enrollment_status": COURSE_V1_STATUS.get(enrollment.status, enrollment.status),
        "enrollment_created_at": stamp(enrollment.created_at),
        "enrollment_date_last_updated": stamp(enrollment.updated_at),
        "enrollment_completion_date": stamp(enrollment.completed_at),
        "enrollment_level": enrollment.level,
    }


@endpoint("GET")
def course_enrollments(request):
    rows = Enrollment.objects.all()
    if course_ids := int_list(request, "course_id"):
        rows = rows.filter(course_id__in=course_ids)
    if user_ids := int_list(request, "user_id"):
        rows = rows.filter(user_id__in=user_ids)
    return page(request, rows, enrollment_item, sort_attr="user_id")


@endpoint("POST", "DELETE")
def enrollment(request, course_id: int, user_id: int):
    course, user = get_object_or_404(Course, pk=course_id), get_object_or_404(User, pk=user_id)
    if request.method == "DELETE":
        Enrollment.objects.filter(course=course, user=user).delete()
    else:
        state.enrol(user=user, course=course)
    return one({"success": True})
