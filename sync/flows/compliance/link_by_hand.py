"""Link an ATS candidate to a staff member who already exists in Credentially, by hand.

At a trigger stage the flow finds an existing staff member by e-mail; where the two systems hold
different e-mails (a personal one in the ATS, a work one in Credentially) an admin chooses the
profile instead. The request is an event on the ATS connection (hub_events.py), handled by the
staff-creation flow: claim the staff link, read the candidate and the profile, confirm the link,
mirror the person; then the normal sync-back runs for them, which sends every document's current
file (a first link) and names the versions Credentially no longer shows.
"""

from integrations.credentially.payloads import ProfileData
from integrations.models import Connection
from integrations.webhooks import PayloadError
from mappings.compliance import services
from mappings.compliance.models import StaffRecord
from sync.flows.compliance.ats import StageChange, adapter_for
from sync.flows.compliance.hub_events import hub_event_data, hub_event_store
from sync.flows.compliance.staff_creation import staff_link_ref, sync_back_soon
from sync.models import Outcome
from sync.services.links import claimed_write, link_confirm, link_get

LINK_BY_HAND = "crosswalk.link_by_hand"
ACTION = "link_staff"


def _staff_link(ats_connection, person_id: str):
    return link_get(
        object_type="staff",
        source_system=ats_connection.system,
        source_id=staff_link_ref(ats_connection, person_id),
        target_system="credentially",
    )


def link_conflict(*, ats_connection, person_id: str, credentially_connection, profile_id: str) -> str:
    """Why this link cannot be made, in plain words ("" when it can)."""
    link = _staff_link(ats_connection, person_id)
    if link is not None and link.target_id != profile_id:
        return f"ATS candidate {person_id} is already linked to the Credentially profile {link.target_id}."
    other = StaffRecord.objects.filter(credentially_connection=credentially_connection, profile_id=profile_id).first()
    if other is not None and (other.ats_connection_id, other.ats_person_id) != (ats_connection.pk, person_id):
        return (
            f"This Credentially profile is already linked to ATS candidate {other.ats_person_id} "
            f"({other.ats_connection}): one staff member, one candidate."
        )
    return ""


def link_request(*, ats_connection, person_id: str, credentially_connection, profile_id: str, email: str, by: str):
    """Queue the link (an event on the ATS connection); returns (event, created)."""
    data = {
        "person_id": person_id,
        "credentially_connection": credentially_connection.pk,
        "profile_id": profile_id,
        "requested_by": by,
    }
    return hub_event_store(
        connection=ats_connection,
        event_type=LINK_BY_HAND,
        data=data,
        external_id=person_id,
        email=email,
        dedupe_key=f"link:{person_id}:{credentially_connection.pk}:{profile_id}",
        again=True,
    )


def on_link_event(ctx, event) -> None:
    try:
        data = hub_event_data(event)
    except PayloadError as exc:  # not ours: act on nothing, retry nothing
        ctx.record(source_ref=str(event.pk), action=ACTION, outcome=Outcome.FAILED, message=str(exc))
        return
    ctx.read()
    handle(ctx, event.connection, data)


def handle(ctx, ats_connection, data: dict) -> None:
    person_id, profile_id = str(data["person_id"]), str(data["profile_id"])
    credentially = Connection.objects.get(pk=data["credentially_connection"])
    ref = f"{ats_connection.slug}:{person_id}"
    conflict = link_conflict(
        ats_connection=ats_connection, person_id=person_id, credentially_connection=credentially, profile_id=profile_id
    )
    if conflict:
        what_next = "Nothing was changed. Check which link is right; the existing one stays."
        ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.FAILED, message=f"{conflict} {what_next}")
        return
    if _staff_link(ats_connection, person_id) is not None:
        ctx.record(
            source_ref=ref, action=ACTION, outcome=Outcome.UNCHANGED, target_ref=profile_id, message="linked already"
        )
        return
    ctx.entity(
        source_ref=ref,
        action=ACTION,
        payload={**data, "ats_connection": ats_connection.pk},  # what a replay needs
        fn=lambda: _link(ctx, ref, ats_connection, credentially, data),
    )


def _link(ctx, ref: str, ats_connection, credentially, data: dict) -> None:
    person_id, profile_id = str(data["person_id"]), str(data["profile_id"])
    claim_key = {"object_type": "staff", "source_system": ats_connection.system, "target_system": "credentially"}
    source_id = staff_link_ref(ats_connection, person_id)
    with claimed_write(ctx, **claim_key, source_id=source_id, ref=ref, action=ACTION) as claim:
        if claim is None:
            return
        services.ats_budget_check(connection=ats_connection)
        adapter = adapter_for(ats_connection)
        try:
            candidate = adapter.candidate(StageChange(person_id=person_id, status=""))
        finally:
            adapter.spend()
        client = credentially.client()
        profile = ProfileData.from_api(
            client.get_profile(profile_id), phone_field=credentially.setting("phone_field") or ""
        )
        link_confirm(claim, target_id=profile_id, data={"by_hand": data.get("requested_by", "")})
        services.staff_record_save(
            credentially_connection=credentially,
            profile_id=profile_id,
            ats_connection=ats_connection,
            person_id=person_id,
            first_name=profile.first_name or candidate.first_name,
            last_name=profile.last_name or candidate.last_name,
            email=profile.email or candidate.email,  # Credentially finds a profile to update by its e-mail
            phone=profile.phone or candidate.phone,
            role_name=profile.role,
        )
    note = f"linked by hand ({data.get('requested_by') or 'an admin'}) to {profile.first_name} {profile.last_name}"
    if candidate.email and profile.email and candidate.email.lower() != profile.email.lower():
        note += f"; e-mails differ: {candidate.email} in the ATS, {profile.email} in Credentially"
    ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.UPDATED, target_ref=profile_id, message=note)
    sync_back_soon(profile_id, credentially)


def replay(ctx, payload: dict) -> None:
    handle(ctx, Connection.objects.get(pk=payload["ats_connection"]), payload)
