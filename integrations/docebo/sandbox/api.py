"""The emulated Docebo API: its URL patterns, mounted at the platform's root (/sandbox/docebo/).

The views live beside this module, one per area: `oauth` (token), `api_learn` (users, courses,
course enrollments), `api_fields` (course additional fields), `api_plans` (learning plans) and
`api_records` (external training, certifications); what they share is in `http`.
"""

from django.urls import path

from integrations.docebo.sandbox import api_fields, api_learn, api_plans, api_records, oauth


def urlpatterns() -> list:
    return [
        path("oauth2/token", oauth.token, name="token"),
        path("manage/v1/user", api_learn.users, name="users"),
        path("manage/v1/user/<int:user_id>", api_learn.user_detail, name="user"),
        path("learn/v1/courses", api_learn.courses, name="courses"),
        path("learn/v1/courses/field", api_fields.fields, name="course-fields"),
        path("learn/v1/courses/field/<int:field_id>", api_fields.field_detail, name="course-field"),
        path("learn/v1/courses/<int:course_id>", api_learn.course_detail, name="course"),
        path("course/v1/courses/enrollments", api_learn.course_enrollments, name="course-enrollments"),
        path("learn/v1/enrollments/<int:course_id>/<int:user_id>", api_learn.enrollment, name="enrollment"),
        path("learn/v1/lp", api_plans.learning_plans, name="learning-plans"),
        path("learningplan/v1/learningplans/enrollments", api_plans.plan_enrollments, name="lp-enrollments"),
        path("learn/v1/external_training", api_records.external_training, name="external-training"),
        path(
            "learn/v1/external_training/<int:training_id>",
            api_records.external_training_detail,
            name="external-training-detail",
        ),
        path("learn/v1/certification", api_records.certifications, name="certifications"),
        path("certification/v1/certifications/users", api_records.awards, name="awards"),
        path(
            "certification/v1/certifications/<int:certification_id>/users",
            api_records.certification_users,
            name="certification-users",
        ),
        path(
            "certification/v1/certifications/<int:certification_id>/users/<int:user_id>",
            api_records.certification_user,
            name="certification-user",
        ),
    ]
