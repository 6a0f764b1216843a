"""The Certn sandbox emulator: one emulator, one account per region at /sandbox/certn/<region>/.

Vendor-side actions on its page: advance a case (invited -> submitted -> in progress ->
complete with a result), set any status, complete every open case, create a package, set the
clock that advances cases by itself, and re-run the webhook challenge handshake.
"""

import secrets

from django.db import transaction

from integrations.certn import emulator as emu
from integrations.certn import sandbox_api
from integrations.certn.models import EmuAccount, EmuCase, EmuGroup, EmuInvite, EmuPackage, EmuReportFile
from integrations.certn.payloads import CLOSED_STATUSES
from integrations.sandbox.base import Action, ActionField, Emulator, Section

REGIONS = {"ca": "Certn Canada", "uk": "Certn UK", "au": "Certn Australia", "sandbox": "Certn Sandbox"}
DEMO_PACKAGE = {
    "name": "Standard - Criminal + ID (iCIMS)",
    "description": "Identity verification and a basic criminal record check, ordered from iCIMS.",
    "tags": ["icims", "post-offer"],
    "checks": ["IDENTITY_VERIFICATION_1", "CRIMINAL_RECORD_REPORT_1"],
}
DEMO_GROUP = "Hiring - iCIMS"
CLOCK_SCHEDULE = "certn-sandbox-clock"


def account(region: str = "ca") -> EmuAccount:
    region = region.lower()
    if region not in REGIONS:
        raise ValueError(f"no Certn region {region}; use one of {', '.join(REGIONS)}")
    acc, _ = EmuAccount.objects.get_or_create(
        region=region,
        defaults={
            "name": REGIONS[region],
            "api_key": f"ck_sandbox_{region}_{secrets.token_hex(12)}",
            "webhook_secret": secrets.token_hex(20),
        },
    )
    return acc


def _open_cases() -> list[tuple[str, str]]:
    qs = EmuCase.objects.exclude(overall_status__in=CLOSED_STATUSES).select_related("account")[:100]
    return [(str(c.pk), f"{c.account.region} {c.short_id} {c.email_address} ({c.overall_status})") for c in qs]


def _choices(values) -> callable:
    return lambda: [(v, v) for v in values]


class CertnEmulator(Emulator):
    system = "certn"
    label = "Certn"
    api_prefix = "/ca"  # the default region; other regions: base_url(region)

    def base_url(self, region: str = "ca") -> str:
        return emu.site(region.lower())

    def urlpatterns(self) -> list:
        return sandbox_api.urlpatterns()

    def credentials(self, region: str = "ca") -> dict:
        acc = account(region)
        return {"api_key": acc.api_key, "webhook_secret": acc.webhook_secret}

    def settings(self, region: str = "ca") -> dict:
        return {"portal_base_url": f"{self.base_url(region)}/portal"}

    @transaction.atomic
    def seed(self, *, step_seconds: int = 60) -> None:
        for region in REGIONS:
            acc = account(region)
            EmuPackage.objects.get_or_create(account=acc, name=DEMO_PACKAGE["name"], defaults=DEMO_PACKAGE)
            EmuGroup.objects.get_or_create(
                account=acc, name=DEMO_GROUP, defaults={"short_id": emu.short_id("CG", region)}
            )
            EmuAccount.objects.filter(pk=acc.pk).update(step_seconds=step_seconds)
        from django_q.models import Schedule

        Schedule.objects.update_or_create(
            name=CLOCK_SCHEDULE,
            defaults={
                "func": "integrations.certn.tasks.clock",
                "schedule_type": Schedule.MINUTES,
                "minutes": 1,
                "repeats": -1,
            },
        )

    def register_hub(self, *, url: str, username: str = "", secret: str = "", slug: str = "") -> None:
        """Point the region's account at the hub, then run the challenge handshake from a worker."""
        from integrations.models import Connection

        conn = Connection.objects.filter(slug=slug).first()
        acc = account(conn.region if conn and conn.region else "ca")
        EmuAccount.objects.filter(pk=acc.pk).update(webhook_url=url, webhook_verified_at=None, webhook_problem="")

        def verify():
            from django_q.tasks import async_task

            async_task("integrations.certn.tasks.verify_webhook", acc.pk)

        transaction.on_commit(verify)

    # --- the page --------------------------------------------------------------------------
    def actions(self) -> list[Action]:
        case = ActionField("case_id", "Case", choices=_open_cases)
        score = ActionField("score", "Result when complete", choices=_choices(emu.SCORES))
        region = ActionField("region", "Region", choices=_choices(("ca", "uk", "au", "sandbox")))
        return [
            Action(
                "advance",
                "Advance a case",
                self._advance,
                (case, score),
                help="One step: invited -> submitted -> in progress -> complete (with the result).",
            ),
            Action(
                "set-status",
                "Set a case's status",
                self._set_status,
                (case, ActionField("status", "Status", choices=_choices(emu.ALL_STATUSES)), score),
            ),
            Action("complete-all", "Complete every open case", self._complete_all, (score,)),
            Action(
                "create-package",
                "Create a package",
                self._create_package,
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
                self._clock,
                (region, ActionField("step_seconds", "Seconds per status (0 = only by hand)", default="60")),
            ),
            Action(
                "verify",
                "Verify webhook endpoints",
                self._verify,
                help="Certn's challenge handshake: GET <hub url>?challenge=..., expects the value back.",
            ),
        ]

    def _case(self, case_id: str) -> EmuCase:
        found = EmuCase.objects.select_related("account").filter(pk=sandbox_api._uuid(case_id)).first()
        if found is None:
            raise LookupError("choose an open case")
        return found

    def _advance(self, case_id: str, score: str = "") -> str:
        case = self._case(case_id)
        if score:
            EmuCase.objects.filter(pk=case.pk).update(planned_score=score)
            case.planned_score = score
        case = emu.case_advance(case)
        return f"{case.short_id} is now {case.overall_status} {case.overall_score or ''}".strip()

    def _set_status(self, case_id: str, status: str, score: str = "") -> str:
        case = emu.case_set_status(self._case(case_id), status, score=score or None)
        return f"{case.short_id} is now {case.overall_status} {case.overall_score or ''}".strip()

    def _complete_all(self, score: str = "") -> str:
        cases = EmuCase.objects.exclude(overall_status__in=CLOSED_STATUSES).select_related("account")
        done = [emu.case_set_status(c, "COMPLETE", score=score or None) for c in cases]
        return f"{len(done)} case(s) completed"

    def _create_package(self, region: str, name: str, checks: str, use_in_ats: str = "yes") -> str:
        if not name:
            raise ValueError("give the package a name")
        package = EmuPackage.objects.create(
            account=account(region),
            name=name,
            checks=[c.strip() for c in checks.split(",") if c.strip()],
            use_in_ats=use_in_ats == "yes",
        )
        return f"package {package.name} created with id {package.pk}"

    def _clock(self, region: str, step_seconds: str) -> str:
        if not step_seconds.isdigit():
            raise ValueError("seconds must be a whole number")
        EmuAccount.objects.filter(pk=account(region).pk).update(step_seconds=int(step_seconds))
        return f"{region}: a status every {step_seconds} s" if int(step_seconds) else f"{region}: by hand only"

    def _verify(self) -> str:
        results = [
            f"{a.region}: {'ok' if emu.webhook_verify(a) else a.webhook_problem}"
            for a in EmuAccount.objects.exclude(webhook_url="")
        ]
        return "; ".join(results) or "no account has a webhook URL yet"

    def sections(self) -> list[Section]:
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
                    for a in EmuAccount.objects.order_by("region")
                ],
            ),
            Section(
                "Packages",
                ["Region", "Package id", "Name", "Checks", "ATS use"],
                [
                    [p.account.region, p.pk, p.name, ", ".join(p.checks), "yes" if p.use_in_ats else "no"]
                    for p in EmuPackage.objects.select_related("account").order_by("account__region", "name")
                ],
            ),
            Section(
                "Groups",
                ["Region", "Group id", "Short id", "Name"],
                [[g.account.region, g.pk, g.short_id, g.name] for g in EmuGroup.objects.select_related("account")],
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
                    for c in EmuCase.objects.select_related("account", "package", "group")[:50]
                ],
            ),
            Section(
                "Invitation e-mails",
                ["To", "Subject", "Link", "Sent"],
                [
                    [i.to, i.subject, i.link, i.sent_at.strftime("%H:%M:%S")]
                    for i in EmuInvite.objects.order_by("-sent_at")[:20]
                ],
            ),
            Section(
                "Report files",
                ["Case", "File id", "Status"],
                [[r.case.short_id, r.pk, r.status] for r in EmuReportFile.objects.select_related("case")[:20]],
            ),
        ]


EMULATOR = CertnEmulator()
