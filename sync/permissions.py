"""The two roles (groups) and what each may do, granted once every app's permissions exist.

- Integration admins: everything in the hub's own apps (connections and their secrets, the inbox,
  flows, runs, schedules, login throttling, every lookup table and the mirror). Users, groups and
  API tokens stay with superusers: whoever edits users can make anyone a superuser.
- Mapping editors: the lookup tables (add, change, delete), read-only runs, events, links, flows and drift reports,
  replay of events, dry runs of flows (they write nothing); the mirror of what was synced (models in a
  lookup app's `models/mirror.py`) they may only view.

The groups are created by a migration (sync/migrations/0002_groups.py) and again here, so that a
database flushed by the test suite has them too. `grant_on_post_migrate` acts on the last app's
post_migrate signal, after making sure every app's permissions exist, so one `migrate` on an empty
database is enough whatever order the apps' signals come in.
"""

from django.conf import settings

INTEGRATION_ADMINS = "Integration admins"
MAPPING_EDITORS = "Mapping editors"
ROLES = {
    INTEGRATION_ADMINS: "connections and their secrets, flows, schedules, the inbox and runs, every lookup table",
    MAPPING_EDITORS: "the lookup tables; runs, events and the synced mirror read-only; replaying events; dry runs",
}
ADMIN_APP_LABELS = ["integrations", "sync", "django_q", "axes"]
EDITOR_SYNC_CODENAMES = [
    *("view_inboundevent", "view_run", "view_record", "view_link", "view_flow", "replay_event"),
    *("view_driftreport", "view_difference"),  # drift reports read-only: Compare and Fix need run_flow
    "dry_run_flow",  # a dry run writes nothing: editors check their mapping changes with it
]


def lookup_app_labels() -> list[str]:
    from django.apps import apps

    return [apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOOKUP_TABLE_APPS]


def is_mirror(model) -> bool:
    """A mirror model records what the hub synced; nobody types it in (mappings/<app>/models/mirror.py)."""
    return model.__module__.endswith(".models.mirror")


def mirror_models() -> list:
    from django.apps import apps

    return [m for label in lookup_app_labels() for m in apps.get_app_config(label).get_models() if is_mirror(m)]


def role_permissions(role: str):
    """The permissions a role holds on a freshly migrated database (a queryset of Permission)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    lookup = lookup_app_labels()
    if role == INTEGRATION_ADMINS:
        return Permission.objects.filter(content_type__app_label__in=[*ADMIN_APP_LABELS, *lookup])
    if role == MAPPING_EDITORS:
        mirror = ContentType.objects.get_for_models(*mirror_models()).values()
        editable = Q(content_type__app_label__in=lookup) & ~Q(content_type__in=mirror)
        viewable = Q(content_type__in=mirror, codename__startswith="view_")
        sync = Q(content_type__app_label="sync", codename__in=EDITOR_SYNC_CODENAMES)
        return Permission.objects.filter(editable | viewable | sync)
    raise ValueError(f"no role named {role!r}")


def roles_with_permission(app_label: str, codename: str) -> list[str]:
    """The groups holding this permission, by name (the two roles, or any group an operator made)."""
    from django.contrib.auth.models import Group

    return list(
        Group.objects.filter(permissions__content_type__app_label=app_label, permissions__codename=codename)
        .order_by("name")
        .values_list("name", flat=True)
    )


def _last_app_with_models() -> str:
    from django.apps import apps

    return [a.label for a in apps.get_app_configs() if a.models_module is not None][-1]


def grant_on_post_migrate(sender, *, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: on the last app's signal, make every app's permissions, then grant."""
    if sender.label != _last_app_with_models():
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from sync.services.roles import roles_grant

    for app_config in apps.get_app_configs():  # idempotent; independent of the receivers' order
        create_permissions(app_config, verbosity=0, using=using)
    roles_grant(using=using)
