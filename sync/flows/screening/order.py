"""Order a Certn package when iCIMS moves a candidate into a mapped stage (WorkFlowStatusChangeEvent).

The event is a hint: it names the recruiting workflow, and the stage, candidate and job are read
from iCIMS (`GET applicantworkflows/{id}`) before anything is ordered.

Idempotent twice over: the inbox drops a repeated delivery (same customer, workflow and status),
and a link per workflow and package is claimed before ordering, so a second event, a replay or
two workers at once never order the same package twice for the same application.
"""

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.icims.payloads import PersonData, WorkflowData, WorkflowStatusChange
from integrations.models import Connection
from mappings.screening.services import settings_for_icims, stage_order_for
from sync.flows.screening import status
from sync.models import Link, Outcome
from sync.services.links import fingerprint, link_save

ORDER_FLOW = "screening.order_on_stage"
OBJECT_TYPE = "screening"
ACTION = "order_check"
WORKFLOW_FIELDS = ["baseprofile", "associatedprofile", "status"]


def claim_lease() -> timezone.timedelta:
    """A claim older than a worker's lease on its event belongs to a worker that died: the sweep
    hands that event to another worker, which must then be able to take the claim over."""
    return timezone.timedelta(seconds=django_settings.EVENT_LEASE_SECONDS)


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
    icims = Connection.objects.get(pk=hint["icims_connection"]).client()
    data = icims.get_workflow(hint["workflow_id"], fields=WORKFLOW_FIELDS)
    workflow = WorkflowData.from_api(hint["workflow_id"], data)
    if stage_order_for(settings=settings, status_id=workflow.status_id) is None:
        # Other connectors subscribe to the same event type: a stage we do not map is not an error.
        said = hint.get("said_status")
        note = f" (the event said {said}, iCIMS now shows {workflow.status_id})" if said != workflow.status_id else ""
        ctx.skip(
            f"status {workflow.status_id or 'unknown'} orders no background check{note}", source_ref=ref, action=ACTION
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


def replay_order(ctx, payload: dict) -> None:
    """Redo a failed order with today's lookup tables (the admin may have fixed the cause)."""
    order_check(ctx, payload)


def order_check(ctx, payload: dict) -> None:
    ref = f"workflow {payload['workflow_id']}"
    icims_conn = Connection.objects.get(pk=payload["icims_connection"])
    settings = settings_for_icims(connection=icims_conn)
    stage = settings and stage_order_for(settings=settings, status_id=payload["status_id"])
    if not stage:
        ctx.skip(
            f"status {payload['status_id']} no longer orders a background check",
            source_ref=ref,
            action=ACTION,
            payload=payload,
        )
        return
    problem = order_problem(stage.package, settings)
    if problem:
        ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.FAILED, message=problem, payload=payload)
        return
    source_id = f"{icims_conn.setting('customer_id')}/{payload['workflow_id']}/{stage.package.certn_package_id}"
    link = claim(source_id)
    if link is None:
        existing = Link.objects.get(
            object_type=OBJECT_TYPE, source_system="icims", source_id=source_id, target_system="certn"
        )
        ctx.record(
            source_ref=ref,
            action=ACTION,
            outcome=Outcome.UNCHANGED,
            target_ref=existing.target_id,
            message=f"{stage.package.name} already ordered for this application"
            if existing.target_id
            else f"{stage.package.name} is being ordered for this application by another worker",
        )
        return
    try:
        _order_and_link(ctx, link, payload, stage, settings, icims_conn)
    except Exception:
        if not link.data.get("case_id"):
            link.delete()  # nothing was ordered: free the claim so a replay can order
        raise


def order_problem(package, settings) -> str:
    """Why this package cannot be ordered now, in words the admin can act on (or "")."""
    certn = settings.certn_connection
    if not package.for_ats_use:
        return f"package {package.name} is not marked for ATS use; tick it (and in Certn) or map another package"
    if package.region != settings.certn_region:
        return f"package {package.name} is in Certn {package.region} but the integration orders from {certn.name}"
    if not certn.enabled:
        return f"the Certn connection {certn.name} is switched off"
    if not certn.credential("api_key"):
        return f"the Certn connection {certn.name} has no API key"
    return ""


def claim(source_id: str) -> Link | None:
    """Create the link before ordering (unique per workflow and package), or None if it exists.

    The core's link_save updates in place, which cannot tell two racing workers apart; a create
    under the unique constraint can. A claim left by a dead worker is taken over after its lease.
    """
    keys = {"object_type": OBJECT_TYPE, "source_system": "icims", "source_id": source_id, "target_system": "certn"}
    try:
        with transaction.atomic():
            return Link.objects.create(
                flow_key=ORDER_FLOW, target_id="", origin="icims", data={"pending": True}, **keys
            )
    except IntegrityError:
        stale = Link.objects.filter(**keys, target_id="", updated_at__lt=timezone.now() - claim_lease())
        if stale.update(updated_at=timezone.now()):
            return Link.objects.get(**keys)
        return None


def _order_and_link(ctx, link: Link, payload: dict, stage, settings, icims_conn: Connection) -> None:
    ref = f"workflow {payload['workflow_id']}"
    icims = icims_conn.client()
    case = None
    if not link.data.get("case_id"):  # a claim taken over may already hold an ordered case
        person = PersonData.from_api(
            payload["person_id"], icims.get_person(payload["person_id"], fields=["firstname", "lastname", "email"])
        )
        if not person.email:
            link.delete()
            ctx.record(
                source_ref=ref,
                action=ACTION,
                outcome=Outcome.FAILED,
                payload=payload,
                message=f"candidate {person.full_name or payload['person_id']} has no e-mail in iCIMS, so "
                "Certn cannot invite them; add the e-mail in iCIMS, then replay",
            )
            return
        job = icims.get_job(payload["job_id"], fields=["jobtitle"])
        case = settings.certn_connection.client().order_package(
            package_id=str(stage.package.certn_package_id),
            email=person.email,  # an invite: the candidate enters their own name (no input_claims, §2.1)
            group_id=str(settings.default_group_id or "") or None,
        )
        link.data = {
            **payload,
            "case_id": case["id"],
            "certn_connection": settings.certn_connection.pk,
            "region": settings.certn_region,
            "package_name": stage.package.name,
            "job_title": job.get("jobtitle", ""),
            "email": person.email,
            "open": True,
        }
        Link.objects.filter(pk=link.pk).update(data=link.data)  # the case id is safe before iCIMS is written
    written = status.write_icims(link.data, case or {"id": link.data["case_id"], "overall_status": "CASE_ORDERED"})
    link = link_save(
        flow_key=ORDER_FLOW,
        object_type=OBJECT_TYPE,
        source_system="icims",
        source_id=link.source_id,
        target_system="certn",
        target_id=link.data["case_id"],
        origin="icims",
        fingerprint=fingerprint(written),
        data={**link.data, **written},
    )
    ctx.record(
        source_ref=ref,
        action=ACTION,
        outcome=Outcome.CREATED,
        target_ref=link.target_id,
        payload=payload,
        message=f"ordered {stage.package.name} for {link.data['email']} ({link.data['job_title']}); "
        f"iCIMS shows {written['icims_status']}",
    )
