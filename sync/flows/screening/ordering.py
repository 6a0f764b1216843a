"""Order one package for one application: claim the link, order in Certn, link, show it in iCIMS.

Shared by the stage-change flow (order.py) and the admin's "Order again" (requests.py). The link
per application and package (`<customer>/<workflow>/<package id>`) is claimed before Certn is
called, so two workers, a replay or a duplicate event order once; "Order again" first moves the
ended case's link aside (requests.py), which frees the key for the new order.
"""

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.icims.payloads import PersonData
from integrations.models import Connection
from mappings.screening.models import ENDED_WITHOUT_RESULT, BackgroundCheck
from mappings.screening.selectors import certn_route
from sync.flows.screening import status
from sync.models import Link, Outcome
from sync.services.links import fingerprint, link_save

ORDER_FLOW = "screening.order_on_stage"
OBJECT_TYPE = "screening"
ACTION = "order_check"
SOURCES = {"job": "the job's package", "stage": "the stage's package", "again": "ordered again"}


def claim_lease() -> timezone.timedelta:
    """A claim older than a worker's lease on its event belongs to a worker that died: the sweep
    hands that event to another worker, which must then be able to take the claim over."""
    return timezone.timedelta(seconds=django_settings.EVENT_LEASE_SECONDS)


def link_key(icims_conn: Connection, workflow_id, package) -> str:
    return f"{icims_conn.setting('customer_id')}/{workflow_id}/{package.certn_package_id}"


def order_problem(package, settings) -> str:
    """Why this package cannot be ordered now, in words the admin can act on (or "")."""
    if not package.for_ats_use:
        return f"package {package.name} is not marked for ATS use; tick it (and in Certn) or map another package"
    route = certn_route(settings=settings, region=package.region)
    if route is None:
        return (
            f"package {package.name} is in Certn {package.region}, but the integration has no Certn "
            f"{package.region} connection; add one under 'Other Certn regions' in the integration settings"
        )
    if not route.connection.enabled:
        return f"the Certn connection {route.connection.name} is switched off"
    if not route.connection.credential("api_key"):
        return f"the Certn connection {route.connection.name} has no API key"
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


def order_package(ctx, payload: dict, *, package, settings, source: str, note: str = "", details=None):
    """Order `package` for the application in `payload`; returns the new check, or None."""
    ref = f"workflow {payload['workflow_id']}"
    problem = order_problem(package, settings)
    if problem:
        ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.FAILED, message=problem, payload=payload)
        return None
    icims_conn = Connection.objects.get(pk=payload["icims_connection"])
    source_id = link_key(icims_conn, payload["workflow_id"], package)
    link = claim(source_id)
    if link is None:
        _already(ctx, ref, source_id, package)
        return None
    try:
        return _order_and_link(ctx, link, payload, package, settings, source, note, details or {})
    except Exception:
        if not link.data.get("case_id"):
            link.delete()  # nothing was ordered: free the claim so a replay can order
        raise


def _already(ctx, ref: str, source_id: str, package) -> None:
    existing = Link.objects.get(
        object_type=OBJECT_TYPE, source_system="icims", source_id=source_id, target_system="certn"
    )
    if not existing.target_id:
        message = f"{package.name} is being ordered for this application by another worker"
    elif existing.data.get("certn_status") in ENDED_WITHOUT_RESULT:
        message = (
            f"{package.name} was ordered for this application and its case is {existing.data['certn_status']}; "
            "to order it again use 'Order again' in iCIMS <-> Certn: lookup tables > Background checks"
        )
    else:
        message = f"{package.name} already ordered for this application"
    ctx.record(source_ref=ref, action=ACTION, outcome=Outcome.UNCHANGED, target_ref=existing.target_id, message=message)


def _order_and_link(ctx, link: Link, payload: dict, package, settings, source, note, details) -> BackgroundCheck | None:
    ref = f"workflow {payload['workflow_id']}"
    icims = Connection.objects.get(pk=payload["icims_connection"]).client()
    route = certn_route(settings=settings, region=package.region)
    case = None
    if not link.data.get("case_id"):  # a claim taken over may already hold an ordered case
        fields = ["firstname", "lastname", "email"]
        person = PersonData.from_api(payload["person_id"], icims.get_person(payload["person_id"], fields=fields))
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
            return None
        case = route.connection.client().order_package(
            package_id=str(package.certn_package_id),
            email=person.email,  # an invite: the candidate enters their own name (no input_claims, §2.1)
            group_id=route.group_id,
        )
        link.data = {
            **{k: payload[k] for k in ("icims_connection", "workflow_id", "person_id", "job_id", "status_id")},
            **details,
            "case_id": case["id"],
            "certn_connection": route.connection.pk,
            "region": route.region,
            "package": package.pk,
            "package_name": package.name,
            "package_source": source,
            "candidate_name": person.full_name,
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
    check = status.check_record(link)
    ctx.record(
        source_ref=ref,
        action=ACTION,
        outcome=Outcome.CREATED,
        target_ref=link.target_id,
        payload=payload,
        message=f"ordered {package.name} ({SOURCES.get(source, source)}, Certn {route.region}) for "
        f"{link.data['email']} ({link.data.get('job_title', '')}); iCIMS shows {written['icims_status']}"
        f"{'; ' + note if note else ''}",
    )
    return check
