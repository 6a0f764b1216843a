"""Demo lookup tables for the Docebo <-> Credly connector (run by `manage.py seed_demo` after the
emulators' seeds and the `credly-sandbox` / `docebo-sandbox` connections exist).

Templates are brought in as the template sync would (then a real sync run is queued), a few
mappings are made, and Docebo's course "Data Privacy Awareness" gets the badge "Data Privacy
Essentials" in its badge field, as a Docebo admin would set it: a newcomer who marks that course
completed for Jane on the Docebo sandbox page sees the badge issued in the Credly sandbox.
"""

import contextlib

from django.conf import settings
from django.db import transaction

from mappings.badges import services
from mappings.badges.models import BadgeMapping
from sync.models import Run, RunStatus

DEMO_COURSE, DEMO_BADGE = "DAT-110", "Data Privacy Essentials"
DEMO_MAPPINGS = [
    # template name, learning plan code, import as external training, certification code
    ("Cloud Foundations Practitioner", "LP-CLOUD", False, ""),
    ("Customer Care Specialist", "", True, ""),
    ("Workplace Safety Certified", "", True, "CERT-SEC"),
]


def seed() -> None:
    services.settings_ensure_defaults()
    for key, value in {
        "NOTIFICATION_MAIL_ID": settings.DEFAULT_FROM_EMAIL,
        "CREDLY_DEFAULT_EXPIRATION_DAYS": "365",
        "BATCH_SYNC_START_DATE": "2024-01-01",
        "EXTERNAL_TRAINING_INSTITUTE_NAME": "Credly",
    }.items():
        services.setting_set(key=key, value=value)
    templates = _templates_from_sandbox()
    _mappings(templates)
    _course_badge()
    _queue_template_sync()


def _templates_from_sandbox() -> dict[str, str]:
    """What the first template sync would write (the queued run then does it for real)."""
    from integrations.credly.sandbox.models import Template as CredlyTemplate

    out = {}
    for t in CredlyTemplate.objects.order_by("created_at", "pk"):
        row, _ = services.template_upsert(credly_id=str(t.pk), name=t.name, state=t.state)
        out[t.name] = row.credly_id
    return out


def _mappings(templates: dict[str, str]) -> None:
    from integrations.docebo.sandbox.models import LearningPlan

    for name, plan_code, training, cert in DEMO_MAPPINGS:
        if name not in templates or BadgeMapping.objects.filter(badge_template_id=templates[name]).exists():
            continue
        plan = LearningPlan.objects.filter(code=plan_code).first() if plan_code else None
        services.mapping_save(
            mapping=BadgeMapping(
                badge_template_id=templates[name],
                learning_plan_id=str(plan.pk) if plan else "",
                import_as_external_training=training,
                certification_code=cert,
            )
        )


@transaction.atomic
def _course_badge() -> None:
    """Select the demo badge in the demo course's dropdown, as a Docebo admin would."""
    from integrations.docebo.sandbox import state
    from integrations.docebo.sandbox.models import Course, CourseField, CourseFieldOption
    from integrations.docebo.sandbox.seed import BADGE_FIELD_NAME

    field = CourseField.objects.filter(name=BADGE_FIELD_NAME).first()
    course = Course.objects.filter(code=DEMO_COURSE).first()
    if field is None or course is None:
        return
    option, _ = CourseFieldOption.objects.get_or_create(field=field, label=DEMO_BADGE)
    state.set_course_option(course=course, field=field, option=option)


def _queue_template_sync() -> None:
    from sync.services.runs import FlowNotRunnable, run_enqueue

    key = "badges.templates_from_credly"
    if Run.objects.filter(flow__key=key, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        return
    with contextlib.suppress(FlowNotRunnable):  # a disabled flow: the admin chose so
        run_enqueue(flow_key=key, trigger="manual")  # the field sync follows it
