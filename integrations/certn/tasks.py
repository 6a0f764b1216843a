"""Worker tasks of the Certn sandbox: its clock and its report generator (never used in production)."""

from integrations.certn import emulator
from integrations.certn.models import EmuAccount, EmuReportFile


def finish_report(report_id: str) -> str:
    report = EmuReportFile.objects.select_related("case__account").get(pk=report_id)
    return emulator.report_finish(report).status


def clock() -> int:
    """Every minute: retry unverified webhook endpoints, advance cases whose step is due."""
    for account in EmuAccount.objects.exclude(webhook_url="").filter(webhook_verified_at__isnull=True):
        emulator.webhook_verify(account)
    return emulator.cases_advance_due()


def verify_webhook(account_id: int) -> bool:
    return emulator.webhook_verify(EmuAccount.objects.get(pk=account_id))
