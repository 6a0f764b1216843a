"""Drift between Credentially and the ATS: Compare and its fix (registered by sync/flows/drift.py).

Credentially is the truth for compliance: each linked person's Credentially profile is read and
mapped through the field mapping (profile, compliance, checks, the documents log...) exactly as
the sync-back would write it, and the ATS's fields are read and compared. The fix forgets the
sync-back's content hash of the object that drifted and runs the sync-back writer for the person
(sync_back.sync_person), which writes only what differs.
"""

import json

from mappings.compliance import selectors
from mappings.compliance.models import StaffRecord
from sync.flows.compliance.documents import documents_summary
from sync.flows.compliance.snapshot import flatten, read_snapshot
from sync.flows.compliance.sync_back import READ_KEY, ComplianceClients, record, sync_person
from sync.flows.drift import Finding, register_drift
from sync.services.drift import staff_hashes_forget

FIELD = "ats_field_differs"


def _text(value) -> str:
    """Values as the ATS gives them back: None and "" alike, numbers and text alike."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value).strip()


def compare(ctx, tally) -> bool:
    clients = ComplianceClients()
    people = StaffRecord.objects.select_related("ats_connection", "credentially_connection").filter(
        ats_connection__enabled=True, credentially_connection__enabled=True
    )
    for staff in people.order_by("pk"):
        tally.compared += 1
        snap = read_snapshot(clients.credentially(staff.credentially_connection), staff.profile_id)
        values = {**flatten(snap), "documents.summary": documents_summary(staff)}
        rows = clients.mapping_rows(staff.ats_connection)
        if not snap.phone_field:  # as the sync-back: no phone in Credentially writes no phone
            rows = [r for r in rows if r.credentially_field != "phone"]
        mapped = selectors.map_to_ats(ats_connection=staff.ats_connection, values=values, rows=rows)
        if not mapped:
            continue
        held = clients.ats(staff.ats_connection).read_fields(staff.ats_person_id, [m.mapping.ats_field for m in mapped])
        for item in mapped:
            field = item.mapping.ats_field
            if _text(item.value) != _text(held.get(field)):
                tally.add(_finding(staff, item, held.get(field)))
    return False


def _finding(staff, item, ats_value) -> Finding:
    who = staff.email or f"{staff.ats_connection.system} person {staff.ats_person_id}"
    return Finding(
        kind=FIELD,
        subject=f"{who}: {item.mapping.ats_field}",
        detail=f"Credentially ({item.mapping.credentially_field}): {_text(item.value) or '(empty)'}. "
        f"{staff.ats_connection} ({item.mapping.ats_field}): {_text(ats_value) or '(empty)'}.",
        right_side="Credentially",
        fix=f"Write Credentially's value to {item.mapping.ats_field} in {staff.ats_connection}",
        data={"staff": staff.pk, "object": item.object, "ats_field": item.mapping.ats_field},
    )


def fix_field(ctx, data: dict) -> None:
    staff = StaffRecord.objects.select_related("ats_connection", "credentially_connection").get(pk=data["staff"])
    staff_hashes_forget(staff=staff, keys=[data["object"], READ_KEY])
    clients = ComplianceClients()
    try:
        result = sync_person(staff, clients)
    finally:
        clients.spend()
    record(ctx, result)


register_drift(
    connector="compliance",
    title="Credentially -> ATS compliance",
    source="credentially",
    target="icims",
    compare=compare,
    fixers={FIELD: fix_field},
    what="ATS compliance, profile and document fields that differ from Credentially",
)
