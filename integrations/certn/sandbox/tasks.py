"""Worker tasks of the Certn sandbox: its clock and its report generator (never used in production)."""

from integrations.certn.sandbox import reports, state
from integrations.certn.sandbox.models import Account, ReportFile


def finish_report(report_id: str) -> str:
    report = ReportFile.objects.select_related("case__account").get(pk=report_id)
    return reports.report_finish(report).status


def clock() -> int:
    """Every minute: retry unverified webhook endpoints, advance cases whose step is due."""
    for account in Account.objects.exclude(webhook_url="").filter(webhook_verified_at__isnull=True):
        state.webhook_verify(account)
    return state.cases_advance_due()


def verify_webhook(account_id: int) -> bool:
    return state.webhook_verify(Account.objects.get(pk=account_id))
