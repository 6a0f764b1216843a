"""Thin tasks of the connector: load by id, call Credentially, clear what was sent."""

import logging

from mappings.compliance.models import StaffRecord
from mappings.compliance.services import staff_clear_pending

logger = logging.getLogger("crosswalk.sync")


def push_profile_update(staff_id: int) -> None:
    """Write profile values queued through the REST API to Credentially (safe to run twice)."""
    staff = StaffRecord.objects.select_related("credentially_connection").filter(pk=staff_id).first()
    if staff is None or not staff.pending_update:
        return
    values = dict(staff.pending_update)
    staff.credentially_connection.client().update_staff(staff.profile_id, {"email": staff.email, **values})
    staff_clear_pending(staff=staff, sent=values)
    logger.info("profile_update_pushed staff=%s fields=%s", staff.pk, ",".join(sorted(values)))
