"""The ATS <-> Credentially connector's flows (autodiscovered by sync.flows.registry)."""

from django.conf import settings

from integrations.credentially.events import HANDLED
from integrations.icims.events import STATUS_CHANGE_EVENT
from sync.flows.compliance import (
    probes,  # noqa: F401  (registers the connector's connection-check lines)
    probes_batch,  # noqa: F401  (registers the batched document write's check line)
    probes_credentially,  # noqa: F401  (registers the connector probe)
    profile_writes,
    staff_creation,
    stage_events,
    sync_back,
    sync_back_runs,
)
from sync.flows.compliance.link_by_hand import LINK_BY_HAND
from sync.flows.registry import FlowDefinition, register


def _ops() -> str:
    return settings.DEFAULT_FROM_EMAIL


register(
    FlowDefinition(
        key=staff_creation.FLOW_KEY,
        name="ATS -> Credentially: staff member at a trigger stage",
        description="When a candidate reaches a stage listed in the stage triggers (an iCIMS status-change event, or "
        "polling every `stage_poll_minutes` where the ATS cannot call us), create the staff member in "
        "Credentially with minimal data: name, e-mail, phone, candidate and placement ids, role, "
        "organisation. A second trigger for the same person never creates a second staff member. Also links a "
        "candidate to an existing staff member chosen by hand (Compliance > Staff members > Link by hand).",
        source="icims",
        target="credentially",
        event_types=(STATUS_CHANGE_EVENT, LINK_BY_HAND),
        on_event=stage_events.on_ats_event,
        batch=stage_events.poll_stages,
        on_replay=staff_creation.replay,
        recipient=_ops,
        default_cron="* * * * *",  # each ATS connection is polled at its own interval (see poll_stages)
    )
)

register(
    FlowDefinition(
        key=sync_back.FLOW_KEY,
        name="Credentially -> ATS: profile, compliance, documents, checks",
        description="Writes what Credentially holds for each linked person back to the ATS through the field mapping: "
        "profile fields, overall and per-requirement compliance, every document file version with issue "
        "date, expiry date and number, checks, references, onboarding progress and custom fields. Real time "
        "on Credentially webhooks, and a poll every `poll_minutes` (default 15) per Credentially connection. "
        "Only objects whose content changed are written.",
        source="credentially",
        target="icims",
        event_types=HANDLED,
        on_event=sync_back_runs.on_credentially_event,
        batch=sync_back_runs.poll,
        on_replay=sync_back_runs.replay,
        recipient=_ops,
        default_cron="* * * * *",  # each Credentially connection is polled at its own interval
    )
)

register(
    FlowDefinition(
        key=profile_writes.FLOW_KEY,
        name="REST API -> Credentially: profile values",
        description="Writes the profile values sent to the REST API (PATCH /api/people/<id>/: registration number, "
        "phone where Credentially keeps it in a custom field, custom fields) to the staff member in Credentially, "
        "then syncs the person back to the ATS. Each request is an event on the Credentially connection: retried "
        "with backoff on an outage, a failed record (with Credentially's reason) to replay when refused.",
        source="credentially",  # the requests wait in the inbox of the Credentially connection they write to
        target="credentially",
        event_types=(profile_writes.PROFILE_UPDATE,),
        on_event=profile_writes.on_update_event,
        on_replay=profile_writes.replay,
        recipient=_ops,
    )
)
