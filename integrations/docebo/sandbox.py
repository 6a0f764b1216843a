"""The Docebo sandbox: a stateful emulator of the platform's API and its Webhooks app.

API views live in `emulator/views_*.py`, state changes (which fire webhooks) in
`emulator/state.py`, vendor-side page actions in `emulator/actions.py`.
"""

from datetime import date

from django.urls import path

from integrations.docebo.emulator import auth, seeding, views_fields, views_learn, views_plans, views_records
from integrations.docebo.emulator.actions import ACTIONS
from integrations.docebo.emulator.sections import all_sections
from integrations.docebo.models import OAuthApp, PlatformSettings
from integrations.sandbox.base import Emulator


class DoceboEmulator(Emulator):
    system = "docebo"
    label = "Docebo"
    api_prefix = ""  # Docebo's API lives at the platform's root: /manage/v1/..., /learn/v1/...

    def urlpatterns(self) -> list:
        return [
            path("oauth2/token", auth.token, name="token"),
            path("manage/v1/user", views_learn.users, name="users"),
            path("manage/v1/user/<int:user_id>", views_learn.user_detail, name="user"),
            path("learn/v1/courses", views_learn.courses, name="courses"),
            path("learn/v1/courses/field", views_fields.fields, name="course-fields"),
            path("learn/v1/courses/field/<int:field_id>", views_fields.field_detail, name="course-field"),
            path("learn/v1/courses/<int:course_id>", views_learn.course_detail, name="course"),
            path("course/v1/courses/enrollments", views_learn.course_enrollments, name="course-enrollments"),
            path("learn/v1/enrollments/<int:course_id>/<int:user_id>", views_learn.enrollment, name="enrollment"),
            path("learn/v1/lp", views_plans.learning_plans, name="learning-plans"),
            path("learningplan/v1/learningplans/enrollments", views_plans.plan_enrollments, name="lp-enrollments"),
            path("learn/v1/external_training", views_records.external_training, name="external-training"),
            path(
                "learn/v1/external_training/<int:training_id>",
                views_records.external_training_detail,
                name="external-training-detail",
            ),
            path("learn/v1/certification", views_records.certifications, name="certifications"),
            path("certification/v1/certifications/users", views_records.awards, name="awards"),
            path(
                "certification/v1/certifications/<int:certification_id>/users",
                views_records.certification_users,
                name="certification-users",
            ),
            path(
                "certification/v1/certifications/<int:certification_id>/users/<int:user_id>",
                views_records.certification_user,
                name="certification-user",
            ),
        ]

    def actions(self):
        return ACTIONS

    def sections(self):
        return all_sections()

    def seed(self) -> None:
        seeding.seed()

    def seed_bulk(self, *, courses: int, learners: int, completions: int, completed_on: date) -> None:
        seeding.seed_bulk(courses=courses, learners=learners, completions=completions, completed_on=completed_on)

    def credentials(self) -> dict:
        app = OAuthApp.objects.filter(client_id=seeding.SANDBOX_CLIENT_ID).first() or seeding.oauth_app()
        return {"client_id": app.client_id, "client_secret": app.client_secret}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str = "") -> None:
        """Configure the Webhooks app to call the hub with HTTP Basic credentials."""
        config = PlatformSettings.load()
        config.webhook_url, config.webhook_username, config.webhook_password = url, username, secret
        config.hub_slug = slug
        config.save()


EMULATOR = DoceboEmulator()
