"""Selectors of the screening lookup tables (the setup checklist is in sync/console/checklists/screening.py)."""

from integrations.models import Connection
from mappings.screening.models import CertnGroup, ScreeningSettings


def settings_for_icims(*, connection: Connection) -> ScreeningSettings | None:
    return (
        ScreeningSettings.objects.select_related("certn_connection", "icims_connection")
        .filter(icims_connection=connection)
        .first()
    )


def failure_recipient() -> str:
    return (
        ScreeningSettings.objects.exclude(notification_email="").values_list("notification_email", flat=True).first()
        or ""
    )


def groups_refresh(*, connection: Connection) -> int:
    """Read the Certn account's groups into CertnGroup (so the admin can pick one); returns how many."""
    seen = []
    for group in connection.client().list_groups():
        CertnGroup.objects.update_or_create(
            certn_connection=connection,
            group_id=group["id"],
            defaults={
                "short_id": group.get("short_id") or "",
                "name": group.get("name") or group["id"],
                "is_active": bool(group.get("is_active", True)),
            },
        )
        seen.append(str(group["id"]))
    CertnGroup.objects.filter(certn_connection=connection).exclude(group_id__in=seen).delete()
    return len(seen)


def group_choices(*, connection: Connection | None) -> list[tuple[str, str]]:
    groups = CertnGroup.objects.filter(is_active=True)
    if connection is not None:
        groups = groups.filter(certn_connection=connection)
    return [(str(g.group_id), f"{g.name} ({g.short_id or g.group_id})") for g in groups]
