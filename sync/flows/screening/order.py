"""Order a Certn package when iCIMS moves a candidate into a mapped stage (WorkFlowStatusChangeEvent).

The event is a hint: it names the recruiting workflow, and the stage, candidate and job are read
from iCIMS (`GET applicantworkflows/{id}`) before anything is ordered. The package is the job's
own (iCIMS 'BGCheck Package') when it names a known one, the stage's otherwise; it is ordered
from the Certn account of its region (mappings/screening/selectors.py).

Idempotent twice over: the inbox drops a repeated delivery (same customer, workflow and status),
and a link per workflow and package is claimed before ordering (ordering.py), so a second event,
a replay or two workers at once never order the same package twice for the same application.

A candidate leaving the stage changes nothing in Certn: the check goes on and its status keeps
reaching iCIMS (docs/screening.md says why); the run's record says which case is still open.
"""

from integrations.icims.payloads import WorkflowData, WorkflowStatusChange, list_id, list_value
from integrations.models import Connection
from mappings.screening.selectors import JobFacts, open_checks, package_choice, stage_rows
from mappings.screening.services import settings_for_icims
from sync.flows.screening.ordering import ACTION, OBJECT_TYPE, ORDER_FLOW, claim, order_package

__all__ = ["ACTION", "OBJECT_TYPE", "ORDER_FLOW", "claim", "handle_stage_change", "order_check", "replay_order"]

WORKFLOW_FIELDS = ["baseprofile", "associatedprofile", "status"]
JOB_FIELDS = ["jobtitle", "joblocation", "bgcpackagetype"]


def handle_stage_change(ctx, event) -> None:
    change = WorkflowStatusChange.from_payload(event.payload)
    ref = f"workflow {change.system_id}"
    ctx.read()
    settings = settings_for_icims(connection=ctx.connection)
    if settings is None:
        ctx.skip("no screening settings for this iCIMS connection", source_ref=ref, action=ACTION)
        return
    hint = {"icims_connection": ctx.connection.pk, "workflow_id": change.system_id, "said_status": change.new_status}
    ctx.entity(source_ref=ref, action=ACTION, payload=hint, fn=lambda: order_for_workflow(ctx, hint, settings))


def order_for_workflow(ctx, hint: dict, settings) -> None:
    """Read the workflow the event named and order for the stage iCIMS shows now, not the one the
    event said: the candidate may have moved on, and a body is never trusted alone."""
    ref = f"workflow {hint['workflow_id']}"
    icims_conn = Connection.objects.get(pk=hint["icims_connection"])
    data = icims_conn.client().get_workflow(hint["workflow_id"], fields=WORKFLOW_FIELDS)
    workflow = WorkflowData.from_api(hint["workflow_id"], data)
    if not stage_rows(settings=settings, status_id=workflow.status_id):
        # Other connectors subscribe to the same event type: a stage we do not map is not an error.
        said = hint.get("said_status")
        note = f" (the event said {said}, iCIMS now shows {workflow.status_id})" if said != workflow.status_id else ""
        ctx.skip(
            f"status {workflow.status_id or 'unknown'} orders no background check{note}"
            f"{_still_open(icims_conn, workflow.id)}",
            source_ref=ref,
            action=ACTION,
        )
        return
    payload = {
        "icims_connection": hint["icims_connection"],
        "workflow_id": workflow.id,
        "person_id": workflow.person_id,
        "job_id": workflow.job_id,
        "status_id": workflow.status_id,
    }
    order_check(ctx, payload)


def _still_open(icims_conn: Connection, workflow_id: str) -> str:
    """Leaving the stage: say which checks of this application go on (they are not cancelled)."""
    still = open_checks(icims_connection=icims_conn, workflow_id=str(workflow_id))
    if not still:
        return ""
    cases = ", ".join(f"{c.package_name} (Certn case {c.case_id}, {c.certn_status})" for c in still)
    return (
        f"; the candidate's check goes on in Certn and keeps updating iCIMS: {cases}. To stop it, use "
        "'Cancel' in iCIMS <-> Certn: lookup tables > Background checks"
    )


def replay_order(ctx, payload: dict) -> None:
    """Redo a failed order with today's lookup tables (the admin may have fixed the cause)."""
    order_check(ctx, payload)


def order_check(ctx, payload: dict) -> None:
    ref = f"workflow {payload['workflow_id']}"
    icims_conn = Connection.objects.get(pk=payload["icims_connection"])
    settings = settings_for_icims(connection=icims_conn)
    if not settings or not stage_rows(settings=settings, status_id=payload["status_id"]):
        ctx.skip(
            f"status {payload['status_id']} no longer orders a background check",
            source_ref=ref,
            action=ACTION,
            payload=payload,
        )
        return
    job, title = read_job(icims_conn, payload["job_id"])
    choice = package_choice(settings=settings, status_id=payload["status_id"], job=job)
    if choice.skip:
        ctx.skip(choice.skip, source_ref=ref, action=ACTION, payload=payload)
        return
    details = {"job_title": title, "job_location": job.location}
    for package in choice.packages:
        order_package(
            ctx, payload, package=package, settings=settings, source=choice.source, note=choice.note, details=details
        )


def read_job(icims_conn: Connection, job_id) -> tuple[JobFacts, str]:
    """The job's location and BGCheck packages (a multi-select list, icims.md §2.2), and its title."""
    if not job_id:
        return JobFacts(), ""
    data = icims_conn.client().get_job(job_id, fields=JOB_FIELDS)
    nodes = data.get("bgcpackagetype") or []
    nodes = nodes if isinstance(nodes, list) else [nodes]  # a tenant may make it a single-select list
    location = data.get("joblocation")
    job = JobFacts(
        location_id=list_id(location),
        location_name=list_value(location) if isinstance(location, dict) else str(location or ""),
        packages=tuple((list_id(n), list_value(n)) for n in nodes if n),
    )
    return job, str(data.get("jobtitle") or "")
