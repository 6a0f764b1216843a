"""The Certn sandbox's writers: order cases, walk them through statuses, reports, webhooks.

The emulated API (api.py), the page's actions (pages.py) and the worker tasks (tasks.py) call
these functions; nothing here is used against the real Certn. Status rules follow contract
§3.1; webhooks follow §4 (thin, HMAC-signed).
"""

import base64
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.certn.events import CASE_STATUS_CHANGED, CHECK_STATUS_CHANGED
from integrations.certn.payloads import CLOSED_STATUSES
from integrations.certn.sandbox.models import Account, Case, Group, Invite, Package
from integrations.sandbox.outbox import send_webhook
from integrations.sandbox.variants import variant_on

# The happy path a candidate-initiated case takes (contract §6).
STEPS = ("APPLICANT_INVITED", "APPLICANT_SUBMITTED", "IN_PROGRESS", "COMPLETE")
ALL_STATUSES = (
    *STEPS,
    "APPLICANT_OPENED",
    "APPLICANT_STARTED",
    "CLIENT_ACTION_REQUIRED",
    "APPLICANT_ACTION_REQUIRED",
    "IN_DISPUTE",
    "APPLICANT_EXPIRED",
    "INVITE_UNDELIVERABLE",
    "CANCELLED",
)
SCORES = ("CLEAR", "REVIEW", "REJECT", "NOT_APPLICABLE", "RESTRICTED")
_CHECK_STATUS = {
    "CASE_ORDERED": "AWAITING_APPLICANT_SUBMISSION",
    "APPLICANT_INVITED": "AWAITING_APPLICANT_SUBMISSION",
    "APPLICANT_OPENED": "AWAITING_APPLICANT_SUBMISSION",
    "APPLICANT_STARTED": "AWAITING_APPLICANT_SUBMISSION",
    "APPLICANT_EXPIRED": "AWAITING_APPLICANT_SUBMISSION",
    "INVITE_UNDELIVERABLE": "AWAITING_APPLICANT_SUBMISSION",
    "APPLICANT_SUBMITTED": "IN_PROGRESS",
    "IN_PROGRESS": "IN_PROGRESS",
    "IN_DISPUTE": "IN_PROGRESS",
    "APPLICANT_ACTION_REQUIRED": "APPLICANT_ACTION_REQUIRED",
    "CLIENT_ACTION_REQUIRED": "CLIENT_ACTION_REQUIRED",
    "CANCELLED": "CANCELLED",
    "COMPLETE": "COMPLETE",
}


def site(region: str) -> str:
    return f"{settings.HUB_BASE_URL}/sandbox/certn/{region}"


def short_id(prefix: str, region: str) -> str:
    return f"{prefix}_{region.upper()[:2]}_{secrets.token_hex(5).upper()}"


# --- ordering ------------------------------------------------------------------------------
@transaction.atomic
def case_order(
    *,
    account: Account,
    email: str,
    package: Package | None = None,
    check_types: list | None = None,
    group: Group | None = None,
    given_name: str = "",
    family_name: str = "",
    send_invite: bool = True,
) -> Case:
    case = Case.objects.create(
        account=account,
        short_id=short_id("CC", account.region),
        email_address=email,
        given_name=given_name,
        family_name=family_name,
        package=package,
        group=group,
        checks=[
            {
                "id": str(uuid.uuid4()),
                "short_id": short_id("CK", account.region),
                "type": key,
                "status": "AWAITING_APPLICANT_SUBMISSION",
                "score": None,
                "sub_score": None,
                "adjudication_score": None,
                "adjudication_sub_score": None,
                "output_claims": {},
            }
            for key in (package.checks if package else check_types or [])
        ],
    )
    if send_invite:
        Invite.objects.create(
            case=case,
            to=email,
            link=invite_link(case),
            subject=f"{account.name}: please complete your background check",
        )
        case_set_status(case, "APPLICANT_INVITED")
    return case


def invite_link(case: Case) -> str:
    return f"{site(case.account.region)}/invite/{case.pk}/"


# --- status changes --------------------------------------------------------------------------
def case_advance(case: Case) -> Case:
    """One step along the happy path; a closed case stays as it is."""
    if case.overall_status in CLOSED_STATUSES:
        return case
    current = STEPS.index(case.overall_status) if case.overall_status in STEPS else 0
    return case_set_status(case, STEPS[min(current + 1, len(STEPS) - 1)])


@transaction.atomic
def case_set_status(case: Case, status: str, *, score: str | None = None) -> Case:
    if status not in (*ALL_STATUSES, "CASE_ORDERED"):
        raise ValueError(f"unknown status {status}")
    changed_checks = []
    for check in case.checks:
        new = _CHECK_STATUS[status]
        if check["status"] != new:
            check["status"] = new
            changed_checks.append(check)
        if status == "COMPLETE":
            check["score"] = score or case.planned_score
    case.overall_status = status
    case.overall_score = (score or case.planned_score) if status == "COMPLETE" else ""
    case.modified = timezone.now()
    step = case.account.step_seconds
    case.next_step_at = (
        None if status in CLOSED_STATUSES or not step else case.modified + timezone.timedelta(seconds=step)
    )
    case.save()
    for check in changed_checks:
        emit(
            case.account,
            CHECK_STATUS_CHANGED,
            object_id=check["id"],
            object_type="CHECK",
            case_id=str(case.pk),
            case_status=status,
        )
    emit(case.account, CASE_STATUS_CHANGED, object_id=str(case.pk), case_status=status)
    return case


def cases_advance_due(*, now=None) -> int:
    """The sandbox clock: advance every open case whose next step is due."""
    now = now or timezone.now()
    due = Case.objects.filter(next_step_at__lte=now).exclude(overall_status__in=CLOSED_STATUSES)
    count = 0
    for case in due.select_related("account"):
        case_advance(case)
        count += 1
    return count


# --- webhooks -------------------------------------------------------------------------------
def emit(account: Account, event_type: str, *, object_id: str, object_type: str = "CASE", **extra) -> None:
    """Post a thin, signed notification to the account's webhook URL, once it passed the challenge."""
    if not account.webhook_url or not account.webhook_verified_at:
        return
    event_id = str(uuid.uuid4())
    body = {
        "id": event_id,
        "event_id": event_id,
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "event_type": event_type,
        "object_id": object_id,
        "object_type": object_type,
        **extra,
    }
    send_webhook(
        system="certn",
        url=account.webhook_url,
        body=body,
        event_type=event_type,
        sign=lambda raw: webhook_headers(account, raw),
    )


def webhook_headers(account: Account, raw: bytes) -> dict:
    """`X-Signature`: HMAC-SHA256 of the body in hex, or base64 (variant signs_base64), or none at
    all (variant unsigned): Certn calls the signature recommended and does not state its encoding."""
    if variant_on("certn", "unsigned"):
        return {}
    digest = hmac.new(account.webhook_secret.encode(), raw, hashlib.sha256).digest()
    encoded = base64.b64encode(digest).decode() if variant_on("certn", "signs_base64") else digest.hex()
    return {"X-Signature": encoded}


def webhook_verify(account: Account) -> bool:
    """The challenge handshake: GET <url>?challenge=<random>, expect the value back within 10 s."""
    import requests

    # Certn's value format is unpublished: the sandbox's holds "+", "/" and "=" a strict echo would drop.
    challenge = base64.b64encode(secrets.token_bytes(16)).decode()
    try:
        response = requests.get(account.webhook_url, params={"challenge": challenge}, timeout=10)
        ok = response.status_code == 200 and response.text == challenge
        problem = "" if ok else f"answered {response.status_code} {response.text[:100]!r}"
    except requests.RequestException as exc:
        ok, problem = False, f"{type(exc).__name__}"
    Account.objects.filter(pk=account.pk).update(
        webhook_verified_at=timezone.now() if ok else None, webhook_problem=problem
    )
    account.webhook_verified_at, account.webhook_problem = (timezone.now() if ok else None), problem
    return ok
