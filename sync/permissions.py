"""Group permissions, granted after every migrate so new lookup tables join their group.

The groups themselves are created by a migration (sync/migrations/0002_groups.py).
"""

from django.conf import settings

INTEGRATION_ADMINS = "Integration admins"
MAPPING_EDITORS = "Mapping editors"


def _lookup_labels() -> list[str]:
    from django.apps import apps

    return [apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOOKUP_TABLE_APPS]


def grant_group_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    lookup = _lookup_labels()
    admins = Group.objects.filter(name=INTEGRATION_ADMINS).first()
    editors = Group.objects.filter(name=MAPPING_EDITORS).first()
    if admins:
        admins.permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=["integrations", "sync", "django_q", "axes", *lookup]
            )
        )
    if editors:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label__in=lookup),
            *Permission.objects.filter(
                content_type__app_label="sync",
                codename__in=[
                    "view_inboundevent",
                    "view_run",
                    "view_record",
                    "view_link",
                    "view_flow",
                    "replay_event",
                ],
            ),
        )
