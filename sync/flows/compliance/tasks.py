"""Thin tasks of the connector: load by id, call a service."""

from mappings.compliance.models import StaffRecord


def push_profile_update(staff_id: int) -> None:
    """Kept for tasks queued by an earlier release: what waits for the person becomes a write
    request of the profile-writes flow (a run, a record, retries), like any REST API write."""
    from sync.flows.compliance.profile_writes import write_request

    staff = StaffRecord.objects.select_related("credentially_connection").filter(pk=staff_id).first()
    if staff is not None and staff.pending_update:
        write_request(staff=staff, values={})
