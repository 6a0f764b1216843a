"""The iCIMS <-> Certn background-check flows, registered with the hub."""

from integrations.certn.events import EVENT_TYPES
from integrations.icims.events import STATUS_CHANGE_EVENT
from mappings.screening.services import failure_recipient
from sync.flows.registry import FlowDefinition, register
from sync.flows.screening import order, poll, probes, probes_jobs, requests, status  # noqa: F401 (probes: registers)

register(
    FlowDefinition(
        key=order.ORDER_FLOW,
        name="iCIMS -> Certn: order a background check at a stage",
        description="When iCIMS moves a candidate into a status mapped to a check package, fetch the person and job "
        "from iCIMS, order the package in Certn (Certn e-mails the candidate an invitation) in the default "
        "group, link the application to the case and show the status in iCIMS.",
        source="icims",
        target="certn",
        event_types=(STATUS_CHANGE_EVENT,),
        on_event=order.handle_stage_change,
        on_replay=order.replay_order,
        recipient=failure_recipient,
    )
)

register(
    FlowDefinition(
        key=status.STATUS_FLOW,
        name="Certn -> iCIMS: screening status and report",
        description="On each Certn webhook, fetch the case and write its status to the iCIMS application "
        "(In-Progress Candidate, In-Progress Vendor, Complete with the result, Incomplete); when complete, "
        "the report link of the configured type (PDF or Certn portal).",
        source="certn",
        target="icims",
        event_types=EVENT_TYPES,  # every Certn event type: thin notices, the case is re-read
        on_event=status.handle_certn_event,
        on_replay=status.replay_sync,
        recipient=failure_recipient,
    )
)

register(
    FlowDefinition(
        key="screening.poll_cases",
        name="Certn -> iCIMS: catch up on missed updates",
        description="Reads every open case linked to an iCIMS application and updates iCIMS when Certn's status or "
        "report moved without a webhook reaching Crosswalk.",
        source="certn",
        target="icims",
        batch=poll.poll_open_cases,
        on_replay=status.replay_sync,
        recipient=failure_recipient,
        default_cron="*/15 * * * *",
    )
)

register(
    FlowDefinition(
        key=requests.REQUESTS_FLOW,
        name="Background checks: the admin's requests (cancel, order again, refresh)",
        description="Carries out what admins ask on iCIMS <-> Certn: lookup tables > Background checks: cancel a "
        "case in Certn, order a cancelled or expired check again for the same application, or read a case again "
        "from Certn and write it to iCIMS. Each request keeps who asked, why and what came of it.",
        source="certn",
        target="icims",
        batch=requests.process_requests,
        on_replay=requests.replay_request,
        recipient=failure_recipient,
    )
)
