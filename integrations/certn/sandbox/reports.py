"""The Certn sandbox's reports: generated asynchronously (PENDING, then COMPLETE and a
CASE_REPORT_READY webhook), served behind pre-signed PDF URLs that expire (contract §2.6)."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from integrations.certn.events import CASE_REPORT_READY
from integrations.certn.sandbox.models import Case, ReportFile
from integrations.certn.sandbox.state import emit, site
from integrations.sandbox.variants import variant_on


def report_request(case: Case) -> ReportFile:
    """Generation is asynchronous in Certn: the file is PENDING until a worker finishes it."""
    report = ReportFile.objects.create(case=case, token=secrets.token_hex(16))

    def finish():
        from django_q.tasks import async_task

        async_task("integrations.certn.sandbox.tasks.finish_report", str(report.pk))

    transaction.on_commit(finish)
    return report


@transaction.atomic
def report_finish(report: ReportFile) -> ReportFile:
    if report.status == "PENDING":
        report.status = "COMPLETE"
        report.save(update_fields=["status"])
        emit(
            report.case.account,
            CASE_REPORT_READY,
            object_id=str(report.case_id),
            case_report_file_id=str(report.pk),
            case_status=report.case.overall_status,
        )
    return report


PDF_LINK_SECONDS = 86400  # the emulator's default; Certn publishes no lifetime (contract §2.6)
PDF_LINK_SECONDS_SHORT = 900  # the variant pdf_links_expire_15_min, as in the contract's sample URL
AMZ_DATE = "%Y%m%dT%H%M%SZ"


def report_pdf_url(report: ReportFile) -> str:
    """A fresh pre-signed URL at each read of the report file, as S3 hands out: it stops working
    X-Amz-Expires seconds after X-Amz-Date (by `timezone.now()`, so tests can travel past it)."""
    region = report.case.account.region
    lifetime = PDF_LINK_SECONDS_SHORT if variant_on("certn", "pdf_links_expire_15_min") else PDF_LINK_SECONDS
    issued = timezone.now().strftime(AMZ_DATE)
    return (
        f"{site(region)}/reports/{report.pk}.pdf?X-Amz-Date={issued}&X-Amz-Expires={lifetime}"
        f"&X-Amz-Signature={pdf_signature(report, issued, lifetime)}"
    )


def pdf_signature(report: ReportFile, issued: str, lifetime) -> str:
    return hmac.new(report.token.encode(), f"{report.pk}:{issued}:{lifetime}".encode(), hashlib.sha256).hexdigest()


def pdf_link_problem(report: ReportFile, params) -> str:
    """Why a pre-signed PDF URL does not open ("" when it does): a bad signature, or expired."""
    issued, lifetime = params.get("X-Amz-Date", ""), params.get("X-Amz-Expires", "")
    given = params.get("X-Amz-Signature", "")
    if not hmac.compare_digest(given, pdf_signature(report, issued, lifetime)) or not lifetime.isdigit():
        return "SignatureDoesNotMatch"
    try:
        start = datetime.strptime(issued, AMZ_DATE).replace(tzinfo=UTC)
    except ValueError:
        return "SignatureDoesNotMatch"
    return "Request has expired" if timezone.now() > start + timedelta(seconds=int(lifetime)) else ""
