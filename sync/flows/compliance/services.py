"""What the compliance lookup tables' admin may ask of the engine: queue a sync, preview a mapping.

Lookup-table modules (mappings/) never import flow internals; their admin actions call these
services, so the snapshot, the ATS adapters and the flow key can change without touching them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from integrations.credentially.payloads import ProfileData
from mappings.compliance import selectors
from mappings.compliance.models import Direction, FieldMapping, StaffRecord
from sync.flows.compliance.ats import adapter_for
from sync.flows.compliance.documents import documents_summary
from sync.flows.compliance.link_by_hand import link_conflict, link_request
from sync.flows.compliance.snapshot import flatten, read_snapshot
from sync.flows.compliance.sync_back import FLOW_KEY
from sync.models import Run, Trigger
from sync.services.runs import run_enqueue


@dataclass(frozen=True)
class PreviewRow:
    """One mapping row as the preview shows it: what it would write next to what the ATS holds."""

    mapping: FieldMapping
    object: str
    source: object
    value: object
    current: object
    draft: bool

    @property
    def differs(self) -> bool:
        if _blank(self.current) and _blank(self.value):
            return False  # nothing on either side: the ATS says null where the mapping gives "", or the reverse
        return self.current != self.value


def _blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def staff_sync_enqueue(*, profiles: Iterable[tuple[int, str]]) -> list[Run]:
    """Queue one sync-back run per Credentially connection for these (connection id, profile id)
    pairs; never runs in the request. Raises FlowNotRunnable when the flow is off or blocked."""
    by_conn: dict[int, list[str]] = {}
    for conn_id, profile_id in profiles:
        by_conn.setdefault(conn_id, []).append(profile_id)
    return [
        run_enqueue(flow_key=FLOW_KEY, trigger=Trigger.MANUAL, params={"connection": conn, "profile_ids": ids})
        for conn, ids in by_conn.items()
    ]


def staff_mapping_preview(*, staff: StaffRecord, draft: FieldMapping | None = None) -> list[PreviewRow]:
    """What each active Credentially -> ATS row (and an unsaved draft row) would write for this
    person, read through the same snapshot and mapping code as the sync, with nothing written."""
    snap = read_snapshot(staff.credentially_connection.client(), staff.profile_id, with_documents=False)
    values = {**flatten(snap), "documents.summary": documents_summary(staff)}
    rows = selectors.mappings_for(ats_connection=staff.ats_connection, direction=Direction.TO_ATS)
    mapped = selectors.map_to_ats(
        ats_connection=staff.ats_connection, values=values, rows=rows + ([draft] if draft else [])
    )
    current = adapter_for(staff.ats_connection).read_fields(staff.ats_person_id, [m.mapping.ats_field for m in mapped])
    return [
        PreviewRow(
            mapping=m.mapping,
            object=m.object,
            source=m.source_value,
            value=m.value,
            current=current.get(m.mapping.ats_field),
            draft=m.mapping is draft,
        )
        for m in mapped
    ]


class LinkRefused(Exception):
    """The link cannot be made; the message says why, in plain words."""


@dataclass(frozen=True)
class ProfileChoice:
    """A Credentially staff member an admin may link a candidate to."""

    profile: ProfileData
    linked_to: str  # "ATS candidate 20411 (iCIMS)" when already linked, else ""


def credentially_profiles_find(*, connection, term: str) -> list[ProfileChoice]:
    """Staff members whose name or e-mail contains `term` (one read of Credentially's staff list),
    with who each is already linked to here."""
    found = [ProfileData.from_api(p) for p in connection.client().search_profiles(term.strip()) if p.get("id")]
    linked = {
        s.profile_id: f"ATS candidate {s.ats_person_id} ({s.ats_connection})"
        for s in StaffRecord.objects.filter(
            credentially_connection=connection, profile_id__in=[p.id for p in found]
        ).select_related("ats_connection")
    }
    return [ProfileChoice(profile=p, linked_to=linked.get(p.id, "")) for p in found]


def staff_link_by_hand(
    *, ats_connection, person_id: str, credentially_connection, profile_id: str, email: str = "", by: str
):
    """Queue the link of an ATS candidate to an existing Credentially staff member (a worker claims
    it, reads both sides and starts the normal sync); raises LinkRefused when it cannot be made."""
    person_id, profile_id = person_id.strip(), profile_id.strip()
    conflict = link_conflict(
        ats_connection=ats_connection,
        person_id=person_id,
        credentially_connection=credentially_connection,
        profile_id=profile_id,
    )
    if conflict:
        raise LinkRefused(conflict)
    event, _ = link_request(
        ats_connection=ats_connection,
        person_id=person_id,
        credentially_connection=credentially_connection,
        profile_id=profile_id,
        email=email,
        by=by,
    )
    return event
