"""What the screening admin may ask of the engine: requests about a background check, queued.

Lookup-table modules (mappings/) never import flow internals; their admin calls these services.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from mappings.screening.check_services import case_request_create
from mappings.screening.models import BackgroundCheck, CaseRequest
from sync.flows.screening.requests import REQUESTS_FLOW
from sync.models import Trigger
from sync.services.runs import FlowNotRunnable, run_request


@dataclass
class Submitted:
    made: list[CaseRequest] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why, per check, in plain words
    waiting: str = ""  # why no worker was nudged (the flow is off), or ""


def case_requests_submit(*, checks: list[BackgroundCheck], action: str, reason: str = "", user=None) -> Submitted:
    """Record one request per check (refused ones say why) and nudge a worker: a run takes every
    pending request, and one asked while a run is under way is taken by the run that follows."""
    out = Submitted()
    for check in checks:
        try:
            out.made.append(case_request_create(check=check, action=action, reason=reason, user=user))
        except ValidationError as exc:
            out.refused.append(exc.messages[0])
    if out.made:
        try:
            run_request(flow_key=REQUESTS_FLOW, trigger=Trigger.MANUAL)
        except FlowNotRunnable as exc:
            out.waiting = (
                f"the flow 'Background checks: the admin's requests' cannot run ({exc}); the requests wait. "
                "Switch it on in Sync > Flows and press Run now."
            )
    return out
