"""The Certn sandbox page: vendor-side actions and the tables of emulator state.

Actions: advance a case (invited -> submitted -> in progress -> complete with a result), set any
status, complete every open case, create a package, set the clock that advances cases by
itself, and re-run the webhook challenge handshake.
"""

from integrations.certn.payloads import CLOSED_STATUSES
from integrations.certn.sandbox import state
from integrations.certn.sandbox.http import uuid_or_none
from integrations.certn.sandbox.models import Account, Case, Group, Invite, Package, ReportFile
from integrations.certn.sandbox.seed import account
from integrations.sandbox.base import Action, ActionField, Section


def _open_cases() -> list[tuple[str, str]]:
    qs = Case.objects.exclude(overall_status__in=CLOSED_STATUSES).select_related("account")[:100]
    return [(str(c.pk), f"{c.account.region} {c.short_id} {c.email_address} ({c.overall_status})") for c in qs]


def _choices(values) -> callable:
    return lambda: [(v, v) for v in values]


def actions() -> list[Action]:
    case = ActionField("case_id", "Case", choices=_open_cases)
    score = ActionField("score", "Result when complete", choices=_choices(state.SCORES))
    region = ActionField("region", "Region", choices=_choices(("ca", "uk", "au", "sandbox")))
    return [
        Action(
            "advance",
            "Advance a case",
            _advance,
            (case, score),
            help="One step: invited -> submitted -> in progress -> complete (with the result).",
        ),
        Action(
            "set-status",
            "Set a case's status",
            _set_status,
            (case, ActionField("status", "Status", choices=_choices(state.ALL_STATUSES)), score),
        ),
        Action("complete-all", "Complete every open case", _complete_all, (score,)),
        Action(
            "create-package",
            "Create a package",
            _create_package,
            (
                region,
                ActionField("name", "Name", default="Enhanced (iCIMS)"),
                ActionField(
                    "checks",
                    "Checks (comma-separated)",
                    default="IDENTITY_VERIFICATION_1,CRIMINAL_RECORD_REPORT_1,CREDIT_REPORT_1",
                ),
                ActionField("use_in_ats", "Mark for ATS use", choices=_choices(("yes", "no"))),
            ),
        ),
        Action(
            "clock",
            "Set the clock",
            _clock,
            (region, ActionField("step_seconds", "Seconds per status (0 = only by hand)", default="60")),
        ),
        Action(
            "verify",
            "Verify webhook endpoints",
            _verify,
            help="Certn's challenge handshake: GET <hub url>?challenge=..., expects the value back.",
        ),
    ]


def _case(case_id: str) -> Case:
    found = Case.objects.select_related("account").filter(pk=uuid_or_none(case_id)).first()
    if found is None:
        raise LookupError("choose an open case")
    return found


def _advance(case_id: str, score: str = "") -> str:
    case = _case(case_id)
    if score:
        Case.objects.filter(pk=case.pk).update(planned_score=score)
        case.planned_score = score
    case = state.case_advance(case)
    return f"{case.short_id} is now {case.overall_status} {case.overall_score or ''}".strip()


def _set_status(case_id: str, status: str, score: str = "") -> str:
    case = state.case_set_status(_case(case_id), status, score=score or None)
    return f"{case.short_id} is now {case.overall_status} {case.overall_score or ''}".strip()


def _complete_all(score: str = "") -> str:
    cases = Case.objects.exclude(overall_status__in=CLOSED_STATUSES).select_related("account")
    done = [state.case_set_status(c, "COMPLETE", score=score or None) for c in cases]
    return f"{len(done)} case(s) completed"


def _create_package(region: str, name: str, checks: str, use_in_ats: str = "yes") -> str:
    if not name:
        raise ValueError("give the package a name")
    package = Package.objects.create(
        account=account(region),
        name=name,
        checks=[c.strip() for c in checks.split(",") if c.strip()],
        use_in_ats=use_in_ats == "yes",
    )
    return f"package {package.name} created with id {package.pk}"


def _clock(region: str, step_seconds: str) -> str:
    if not step_seconds.isdigit():
        raise ValueError("seconds must be a whole number")
    Account.objects.filter(pk=account(region).pk).update(step_seconds=int(step_seconds))
    return f"{region}: a status every {step_seconds} s" if int(step_seconds) else f"{region}: by hand only"


def _verify() -> str:
    results = [
        f"{a.region}: {'ok' if state.webhook_verify(a) else a.webhook_problem}"
        for a in Account.objects.exclude(webhook_url="")
    ]
    return "; ".join(results) or "no account has a webhook URL yet"


def sections() -> list[Section]:
    return [
        Section(
            "Accounts (one per region)",
            ["Region", "Name", "Webhook URL", "Verified", "Clock (s)"],
            [
                [
                    a.region,
                    a.name,
                    a.webhook_url or "-",
                    a.webhook_verified_at or a.webhook_problem or "no",
                    a.step_seconds or "by hand",
                ]
                for a in Account.objects.order_by("region")
            ],
        ),
        Section(
            "Packages",
            ["Region", "Package id", "Name", "Checks", "ATS use"],
            [
                [p.account.region, p.pk, p.name, ", ".join(p.checks), "yes" if p.use_in_ats else "no"]
                for p in Package.objects.select_related("account").order_by("account__region", "name")
            ],
        ),
        Section(
            "Groups",
            ["Region", "Group id", "Short id", "Name"],
            [[g.account.region, g.pk, g.short_id, g.name] for g in Group.objects.select_related("account")],
        ),
        Section(
            "Cases",
            ["Region", "Case", "Candidate", "Status", "Result", "Package", "Group", "Ordered"],
            [
                [
                    c.account.region,
                    c.short_id,
                    c.email_address,
                    c.overall_status,
                    c.overall_score or "",
                    c.package.name if c.package else "-",
                    c.group.name if c.group else "-",
                    c.created.strftime("%H:%M:%S"),
                ]
                for c in Case.objects.select_related("account", "package", "group")[:50]
            ],
        ),
        Section(
            "Invitation e-mails",
            ["To", "Subject", "Link", "Sent"],
            [
                [i.to, i.subject, i.link, i.sent_at.strftime("%H:%M:%S")]
                for i in Invite.objects.order_by("-sent_at")[:20]
            ],
        ),
        Section(
            "Report files",
            ["Case", "File id", "Status"],
            [[r.case.short_id, r.pk, r.status] for r in ReportFile.objects.select_related("case")[:20]],
        ),
    ]
