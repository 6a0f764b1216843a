"""Registers the Docebo <-> Credly flows (autodiscovered by sync.flows.registry)."""

from integrations.credly.events import (
    BADGE_CREATED,
    BADGE_DELETED,
    BADGE_STATE_CHANGED,
    BADGE_TEMPLATE_CHANGED,
    BADGE_TEMPLATE_CREATED,
    BADGE_TEMPLATE_DELETED,
)
from sync.flows.badges import credly_batch, credly_events, docebo_batch, docebo_events, docebo_field, templates
from sync.flows.badges import probes as _probes  # noqa: F401 (registers the connector's connection-check probes)
from sync.flows.badges.common import guard_credly_to_docebo, guard_docebo_to_credly, recipient
from sync.flows.badges.scope import COURSE, LEARNER
from sync.flows.registry import FlowDefinition, register

TEMPLATES = register(
    FlowDefinition(
        key="badges.templates_from_credly",
        name="Credly -> lookup table: badge templates",
        description="Brings Credly's badge templates into the templates table: archived ones are turned off, deleted "
        "ones removed (their mappings turned off, NOTIFICATION_MAIL_ID told), duplicate names skipped. "
        "Runs daily and on Credly's badge_template events, then starts the Docebo field sync.",
        source="credly",
        target="crosswalk",
        event_types=(BADGE_TEMPLATE_CREATED, BADGE_TEMPLATE_CHANGED, BADGE_TEMPLATE_DELETED),
        on_event=templates.on_event,
        batch=templates.sync_all,
        recipient=recipient,
        default_cron="0 2 * * *",
        default_timezone="America/Los_Angeles",
    )
)

FIELD = register(
    FlowDefinition(
        key="badges.field_to_docebo",
        name="Lookup table -> Docebo: course badge field",
        description="Makes sure the Docebo course additional field named by COURSE_ADDITIONAL_FIELD exists as a "
        "dropdown whose options are exactly the active badge templates, and stores each option's id.",
        source="crosswalk",
        target="docebo",
        batch=docebo_field.sync_field,
        recipient=recipient,
        default_cron="*/5 * * * *",
        default_timezone="UTC",
    )
)

DOCEBO_TO_CREDLY = register(
    FlowDefinition(
        key="badges.docebo_to_credly",
        name="Docebo -> Credly: badges for completions and certifications",
        description="Issues the badge chosen in a completed course's badge field and the badges of mapped learning "
        "plans the learner has completed; certification awarded/updated/revoked issues, replaces or (with "
        "SYNC_REVOCATION) revokes the mapped badge. Run now: every course's completions and every mapped "
        "certification's awards since BATCH_SYNC_START_DATE; or one learner's, or one course's.",
        source="docebo",
        target="credly",
        event_types=docebo_events.EVENT_TYPES,
        on_event=docebo_events.on_event,
        batch=docebo_batch.batch,
        on_replay=docebo_events.on_replay,
        guard=guard_docebo_to_credly,
        recipient=recipient,
        scopes=(LEARNER, COURSE),
    )
)

CREDLY_TO_DOCEBO = register(
    FlowDefinition(
        key="badges.credly_to_docebo",
        name="Credly -> Docebo: external training and certifications from badges",
        description="For badges issued, replaced, revoked or deleted in Credly (not by Crosswalk) whose template has "
        "an active mapping: creates, updates or deletes the learner's external training and awards, updates "
        "or revokes the mapped certification. Run now: every mapped template's badges since "
        "BATCH_SYNC_START_DATE; or one learner's.",
        source="credly",
        target="docebo",
        event_types=(BADGE_CREATED, BADGE_STATE_CHANGED, BADGE_DELETED),
        on_event=credly_events.on_event,
        batch=credly_batch.batch,
        on_replay=credly_events.on_replay,
        guard=guard_credly_to_docebo,
        recipient=recipient,
        scopes=(LEARNER,),
    )
)
