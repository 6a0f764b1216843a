"""The admin's requests about a background check, carried out by a worker as one run with records.

- Refresh this case: read the case from Certn again and write what iCIMS shows, even when nothing
  seems to have changed (a value edited by hand in iCIMS is put right).
- Cancel: `POST /api/public/cases/{id}/cancel/` (certn.md §2.5), then the case is read again and
  iCIMS shows it as Incomplete (Cancelled).
- Order again: only for a case that ended without a result (cancelled, expired, invitation
  bounced), read again from Certn first. Its link is moved aside (`<key>#<old case id>`; status
  updates of the old case still find it by the case id), which frees the application's key, and
  the same package is ordered anew with today's settings.

The requests are rows (CaseRequest): the run takes every pending one, so a request made while a
run is under way is taken by the run that follows (`run_request`), and nothing is lost if a
worker dies. Each request ends done or failed with a message in plain words.
"""

from dataclasses import dataclass

from django.db import DatabaseError

from integrations.client import ClientError, TransientError
from mappings.screening.check_services import background_check_replaced, case_request_finish
from mappings.screening.models import (
    CLOSED_STATUSES,
    ENDED_WITHOUT_RESULT,
    BackgroundCheck,
    CaseRequest,
    CheckPackage,
    RequestAction,
    RequestStatus,
)
from mappings.screening.services import settings_for_icims
from sync.flows.screening.ordering import OBJECT_TYPE, link_key, order_package, order_problem
from sync.flows.screening.status import case_sync
from sync.models import Link, Outcome
from sync.services.links import link_by_target

REQUESTS_FLOW = "screening.case_requests"


@dataclass(frozen=True)
class Result:
    status: str
    message: str
    new_check: BackgroundCheck | None = None
    recorded: bool = False  # the failure is on the run already (with its own replay payload)


def process_requests(ctx) -> bool:
    """The batch: every pending request, oldest first; True when the time slice ran out."""
    pending = CaseRequest.objects.filter(status=RequestStatus.PENDING, pk__gt=ctx.checkpoint.get("after", 0))
    if not ctx.checkpoint:
        ctx.progress(total=pending.count(), done=0)
    for request in pending.select_related("check_row", "requested_by").order_by("pk"):
        ctx.read()
        ctx.entity(
            source_ref=f"case {request.check_row.case_id}",
            action=request.action,
            payload={"request": request.pk},
            fn=lambda request=request: carry_out(ctx, request),
        )
        ctx.progress(advance=1)
        if ctx.should_yield():
            ctx.save_checkpoint(after=request.pk)
            return True
    return False


def replay_request(ctx, payload: dict) -> None:
    request = CaseRequest.objects.select_related("check_row", "requested_by").get(pk=payload["request"])
    CaseRequest.objects.filter(pk=request.pk).update(status=RequestStatus.PENDING, message="", done_at=None)
    carry_out(ctx, request)


def carry_out(ctx, request: CaseRequest) -> None:
    try:
        result = ACTIONS[request.action](ctx, request)
    except (TransientError, DatabaseError):
        raise  # an outage: the request stays pending and the run resumes later
    except ClientError as exc:
        case_request_finish(request=request, status=RequestStatus.FAILED, message=f"Certn or iCIMS refused: {exc}")
        raise
    except Exception as exc:
        case_request_finish(request=request, status=RequestStatus.FAILED, message=f"{type(exc).__name__}: {exc}")
        raise
    case_request_finish(request=request, status=result.status, message=result.message, new_check=result.new_check)
    if result.status == RequestStatus.FAILED and not result.recorded:
        ctx.record(
            source_ref=f"case {request.check_row.case_id}",
            action=request.action,
            outcome=Outcome.FAILED,
            message=result.message,
            payload={"request": request.pk},
        )


def _who(request: CaseRequest) -> str:
    who = request.requested_by.get_username() if request.requested_by else "an admin"
    return f"{who}: {request.reason}" if request.reason else who


def _link(check: BackgroundCheck) -> Link:
    link = link_by_target(object_type=OBJECT_TYPE, target_system="certn", target_id=check.case_id)
    if link is None:
        raise LookupError(f"Crosswalk no longer links Certn case {check.case_id} to an application (erased?)")
    return link


def refresh(ctx, request: CaseRequest):
    state = case_sync(ctx, _link(request.check_row), force=True, note=f"; refreshed, asked by {_who(request)}")
    return Result(
        RequestStatus.DONE, f"Read again from Certn ({state['certn_status']}); iCIMS shows {state['icims_status']}."
    )


def cancel(ctx, request: CaseRequest):
    check, link = request.check_row, _link(request.check_row)
    state = case_sync(ctx, link)  # what Certn says now: it may have closed meanwhile
    if state["certn_status"] in CLOSED_STATUSES:
        return Result(RequestStatus.DONE, f"Nothing to cancel: the case is {state['certn_status']} in Certn.")
    check.certn_connection.client().cancel_case(check.case_id)
    state = case_sync(ctx, link, force=True, note=f"; cancelled in Certn by {_who(request)}")
    return Result(
        RequestStatus.DONE,
        f"Cancelled in Certn (the case is now {state['certn_status']}); iCIMS shows {state['icims_status']}.",
    )


def order_again(ctx, request: CaseRequest):
    old, link = request.check_row, _link(request.check_row)
    state = case_sync(ctx, link)  # read the case first: only an ended one is ordered again
    if state["certn_status"] not in ENDED_WITHOUT_RESULT:
        return Result(
            RequestStatus.FAILED,
            f"Not ordered again: the case is {state['certn_status']} in Certn (only a cancelled, expired or "
            "undeliverable case is ordered again; cancel an open one first).",
        )
    settings = settings_for_icims(connection=old.icims_connection)
    if settings is None:
        return Result(RequestStatus.FAILED, "Not ordered again: this iCIMS connection has no integration settings.")
    package = old.package or _package_of(link, old)
    if package is None:
        return Result(RequestStatus.FAILED, f"Not ordered again: {old.package_name} is no check package any more.")
    problem = order_problem(package, settings)
    if problem:
        return Result(RequestStatus.FAILED, f"Not ordered again: {problem}.")
    key = link_key(old.icims_connection, old.workflow_id, package)
    Link.objects.filter(pk=link.pk, source_id=key).update(source_id=f"{key}#{old.case_id}")  # frees the key
    payload = {
        "icims_connection": old.icims_connection_id,
        "workflow_id": old.workflow_id,
        "person_id": old.person_id,
        "job_id": old.job_id,
        "status_id": old.status_id,
        "request": request.pk,
    }
    details = {"job_title": old.job_title, "job_location": old.job_location}
    note = f"ordered again by {_who(request)}"
    new = order_package(ctx, payload, package=package, settings=settings, source="again", note=note, details=details)
    new = new or _ordered_meanwhile(old, key)
    if new is None:
        return Result(RequestStatus.FAILED, "Not ordered again: the run's record says why.", recorded=True)
    background_check_replaced(old=old, new=new)
    return Result(RequestStatus.DONE, f"Ordered {package.name} again: Certn case {new.case_id}.", new)


def _package_of(link: Link, old: BackgroundCheck) -> CheckPackage | None:
    """The package of an order recorded before checks named it: the link key ends with its Certn id."""
    packages = CheckPackage.objects.filter(certn_package_id=link.source_id.split("#")[0].rsplit("/", 1)[-1])
    return packages.filter(region=old.region).first() if old.region else packages.first()


def _ordered_meanwhile(old: BackgroundCheck, key: str) -> BackgroundCheck | None:
    """An earlier attempt of this request ordered already (its worker died before closing it)."""
    current = Link.objects.filter(object_type=OBJECT_TYPE, source_id=key, target_system="certn").first()
    if current is None or current.target_id in ("", old.case_id):
        return None
    return BackgroundCheck.objects.filter(
        case_id=current.target_id, certn_connection_id=current.data.get("certn_connection")
    ).first()


ACTIONS = {RequestAction.REFRESH: refresh, RequestAction.CANCEL: cancel, RequestAction.ORDER_AGAIN: order_again}
