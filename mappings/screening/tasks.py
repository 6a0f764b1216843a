"""Thin tasks of the screening tables: load by id, call a service."""

from integrations.models import Connection
from mappings.screening.services import groups_refresh


def refresh_groups(connection_id: int) -> int:
    return groups_refresh(connection=Connection.objects.get(pk=connection_id))
