"""Writers of the background checks and of the admin's requests about them.

The flows record each case they order and what they last read and wrote (`background_check_save`);
the admin asks for a cancel, an order again or a refresh (`case_request_create`), which a worker
carries out and closes (`case_request_finish`). A request is refused here, in plain words, when
the check is not in a state it applies to, so the admin learns at once rather than from a run.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mappings.screening.models import BackgroundCheck, CaseRequest, RequestAction, RequestStatus

REASON_NEEDED = (RequestAction.CANCEL, RequestAction.ORDER_AGAIN)


def background_check_save(*, certn_connection_id: int, case_id: str, **fields) -> BackgroundCheck:
    """Create or update the row of one Certn case with the fields given (others stay as they are)."""
    check, created = BackgroundCheck.objects.get_or_create(
        certn_connection_id=certn_connection_id, case_id=str(case_id), defaults=fields
    )
    if not created:
        changed = {k: v for k, v in fields.items() if getattr(check, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(check, key, value)
            check.save(update_fields=[*changed, "updated_at"])
    return check


def background_check_replaced(*, old: BackgroundCheck, new: BackgroundCheck) -> None:
    BackgroundCheck.objects.filter(pk=new.pk).update(replaces=old, updated_at=timezone.now())


def request_problem(check: BackgroundCheck, action: str) -> str:
    """Why this request cannot be made for this check now ("" when it can)."""
    pending = check.requests.filter(status=RequestStatus.PENDING, action__in=REASON_NEEDED).first()
    if action in REASON_NEEDED and pending is not None:
        asked = timezone.localtime(pending.requested_at).strftime("%H:%M")
        return f"'{pending.get_action_display()}' was asked at {asked} and is still waiting"
    if action == RequestAction.CANCEL and not check.can_cancel:
        return f"the case is {check.certn_status or 'closed'} in Certn: only an open case can be cancelled"
    if action == RequestAction.ORDER_AGAIN:
        if hasattr(check, "replaced_by"):
            return f"it was ordered again already (Certn case {check.replaced_by.case_id})"
        if not check.can_order_again:
            return (
                f"the case is {check.certn_status or 'unknown'} in Certn: only a cancelled, expired or undeliverable "
                "case is ordered again (cancel an open one first)"
            )
    return ""


@transaction.atomic
def case_request_create(*, check: BackgroundCheck, action: str, reason: str = "", user=None) -> CaseRequest:
    """Record what the admin asked and why; raises ValidationError (plain words) when it cannot apply."""
    reason = (reason or "").strip()
    if action in REASON_NEEDED and not reason:
        raise ValidationError("Say why: the reason is kept with the check.")
    check = BackgroundCheck.objects.select_for_update().get(pk=check.pk)
    problem = request_problem(check, action)
    if problem:
        raise ValidationError(f"{check.candidate_name or check.email}: {problem}.")
    return CaseRequest.objects.create(check_row=check, action=action, reason=reason, requested_by=user)


def case_request_finish(
    *, request: CaseRequest, status: str, message: str, new_check: BackgroundCheck | None = None
) -> None:
    CaseRequest.objects.filter(pk=request.pk).update(
        status=status, message=message, done_at=timezone.now(), new_check=new_check
    )
