"""Phase 1: a candidate reaches a trigger stage in the ATS -> one staff member in Credentially.

Minimal data only (name, e-mail, phone, candidate and placement ids, role, organisation).
Firing twice never makes two staff members: the link is claimed first (one writer at a time),
then Credentially is asked for the e-mail before anything is created, and a create refused as a
duplicate is resolved by looking the e-mail up again.
"""

import contextlib

from integrations.client.errors import BadRequest, Conflict
from mappings.compliance import selectors, services
from mappings.compliance.services import staff_record_save
from sync.flows.compliance.ats import StageChange, adapter_for
from sync.models import Outcome
from sync.services.links import claimed_write, link_confirm, link_get, link_release

FLOW_KEY = "compliance.staff_from_ats"
ACTION = "create_staff"


def staff_link_ref(ats_connection, person_id: str) -> str:
    """Link source id: person ids are only unique within one ATS account."""
    return f"{ats_connection.pk}:{person_id}"


def handle_stage_change(ctx, ats_connection, change: StageChange, adapter=None) -> None:
    ref = f"{ats_connection.slug}:{change.workflow_id or change.person_id}"
    triggers = selectors.triggers_for(ats_connection=ats_connection, status=change.status)
    if not triggers:
        # Other connectors (Certn) subscribe to the same event: a stage not ours is skipped, with a reason.
        ctx.skip(f"status {change.status} is not a Credentially stage trigger", source_ref=ref, action=ACTION)
        return
    trigger = triggers[0]
    if not trigger.credentially_connection.enabled:
        ctx.skip(
            f"the Credentially connection {trigger.credentially_connection} is switched off",
            source_ref=ref,
            action=ACTION,
        )
        return
    link = link_get(
        object_type="staff",
        source_system=ats_connection.system,
        source_id=staff_link_ref(ats_connection, change.person_id),
        target_system="credentially",
    )
    if link is not None:
        ctx.record(
            source_ref=ref,
            action=ACTION,
            outcome=Outcome.UNCHANGED,
            target_ref=link.target_id,
            message="already a staff member in Credentially",
        )
        return
    ctx.entity(
        source_ref=ref,
        action=ACTION,
        payload=_replay_payload(ats_connection, change),
        fn=lambda: _create(ctx, ref, trigger, ats_connection, change, adapter or adapter_for(ats_connection)),
    )


def _create(ctx, ref, trigger, ats_connection, change, adapter) -> None:
    """Claim the staff link, create (or find) the person in Credentially, confirm the link.

    The claim keeps two writers (a re-delivered event, a replay) from creating one person twice;
    a claim left by a call that timed out is uncertain, and `_create_or_find` reads Credentially
    by e-mail before it creates anyone, which is the read-back."""
    key = staff_link_ref(ats_connection, change.person_id)
    claim_key = {"object_type": "staff", "source_system": ats_connection.system, "target_system": "credentially"}
    with claimed_write(ctx, **claim_key, source_id=key, ref=ref, action=ACTION) as claim:
        if claim is not None and _create_claimed(ctx, ref, trigger, ats_connection, change, adapter, claim) is None:
            link_release(claim)  # nothing was written (no e-mail): the next attempt starts afresh


def _create_claimed(ctx, ref, trigger, ats_connection, change, adapter, claim) -> str | None:
    services.ats_budget_check(connection=ats_connection)
    try:
        candidate = adapter.candidate(change)
    finally:
        adapter.spend()
    if not candidate.email:
        ctx.record(
            source_ref=ref,
            action=ACTION,
            outcome=Outcome.FAILED,
            payload=_replay_payload(ats_connection, change),
            message=f"candidate {change.person_id} has no e-mail address in the ATS; add one and replay this record",
        )
        return None
    client = trigger.credentially_connection.client()
    existing = client.find_staff_by_email(candidate.email)
    outcome, note = Outcome.UPDATED, "linked to the existing staff member with this e-mail"
    if existing is None:
        existing, outcome, note = _create_or_find(client, trigger, candidate, change, ats_connection)
    profile_id = str(existing["id"])
    link_confirm(claim, target_id=profile_id, data={"workflow_id": change.workflow_id, "trigger": trigger.pk})
    staff_record_save(
        credentially_connection=trigger.credentially_connection,
        profile_id=profile_id,
        ats_connection=ats_connection,
        person_id=change.person_id,
        workflow_id=change.workflow_id,
        job_id=change.job_id,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        email=candidate.email,
        phone=candidate.phone,
        role_name=trigger.role_name,
    )
    ctx.record(source_ref=ref, action=ACTION, outcome=outcome, target_ref=profile_id, message=note)
    sync_back_soon(profile_id, trigger.credentially_connection)
    return profile_id


def _create_or_find(client, trigger, candidate, change, ats_connection):
    custom = selectors.map_to_credentially(ats_connection=ats_connection, ats_fields=candidate.fields)
    try:
        created = client.create_staff(
            first_name=candidate.first_name,
            last_name=candidate.last_name,
            email=candidate.email,
            phone=candidate.phone or None,
            role_id=trigger.role_name,
            organisation_id=trigger.group_name or None,
            external_id=candidate.person_id,
            fields=custom,
            send_invite_email=trigger.send_invite_email,
        )
    except (BadRequest, Conflict):
        # Another worker may have created the same person a moment ago (duplicate deliveries):
        # the e-mail is then taken, so look it up before calling this a failure.
        again = client.find_staff_by_email(candidate.email)
        if again is None:
            raise
        return again, Outcome.UPDATED, "linked to the staff member created meanwhile with this e-mail"
    return created, Outcome.CREATED, f"created with role {trigger.role_name}"


def sync_back_soon(profile_id: str, credentially_connection) -> None:
    """Send the new person's compliance back to the ATS straight away, in its own run.

    Skipped quietly when the sync-back flow is switched off: its own schedule then decides.
    """
    from sync.flows.compliance.sync_back import FLOW_KEY as SYNC_BACK
    from sync.models import Trigger
    from sync.services.runs import FlowNotRunnable, run_enqueue

    with contextlib.suppress(FlowNotRunnable):
        run_enqueue(
            flow_key=SYNC_BACK,
            trigger=Trigger.WEBHOOK,
            params={"connection": credentially_connection.pk, "profile_ids": [profile_id]},
        )


def _replay_payload(ats_connection, change: StageChange) -> dict:
    return {
        "connection": ats_connection.pk,
        "person_id": change.person_id,
        "status": change.status,
        "workflow_id": change.workflow_id,
        "job_id": change.job_id,
    }


def replay(ctx, payload: dict) -> None:
    from integrations.models import Connection

    if "profile_id" in payload:  # a link made by hand
        from sync.flows.compliance import link_by_hand

        link_by_hand.replay(ctx, payload)
        return

    connection = Connection.objects.get(pk=payload["connection"])
    change = StageChange(
        person_id=payload["person_id"],
        status=payload["status"],
        workflow_id=payload.get("workflow_id", ""),
        job_id=payload.get("job_id", ""),
    )
    handle_stage_change(ctx, connection, change)
