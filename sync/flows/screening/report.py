"""The report link written to iCIMS when a case is complete: a Certn portal link, or a PDF.

A PDF is generated on request and is ready later (CASE_REPORT_READY). Several workers may sync
the same case at once (Certn sends an event per check and per case), so the request is claimed
on the link first: one report is generated per case, and the others wait for its webhook.
"""

from datetime import datetime

from django.conf import settings as django_settings
from django.utils import timezone

from integrations.certn.payloads import CaseData
from integrations.models import Connection
from mappings.screening.models import ReportUrlType
from mappings.screening.services import settings_for_icims
from sync.models import Link
from sync.services.links import link_data_merge


def report_link(certn, link: Link, case: CaseData) -> str | None:
    """The link of the configured type once the case is complete; None before, or while a PDF is made."""
    if case.overall_status != "COMPLETE":
        return None
    settings = settings_for_icims(connection=Connection.objects.get(pk=link.data["icims_connection"]))
    if settings is not None and settings.report_url_type == ReportUrlType.PORTAL:
        return certn.portal_url(case.id)
    file_id = _report_file(certn, link, case.id)
    if not file_id:
        return None
    report = certn.get_report_file(file_id)
    if report.get("status") == "FAILED":  # ask for a new one next time
        link_data_merge(link, report_file_id=None, report_requested_at=None)
    return report.get("pdf_url") if report.get("status") == "COMPLETE" else None


def _report_file(certn, link: Link, case_id: str) -> str | None:
    """The case's report file id, asking Certn for one only if no other worker has just done so."""
    fresh = Link.objects.get(pk=link.pk).data
    if fresh.get("report_file_id"):
        return fresh["report_file_id"]
    requested = fresh.get("report_requested_at")
    lease = timezone.timedelta(seconds=django_settings.EVENT_LEASE_SECONDS)
    if requested and timezone.now() - datetime.fromisoformat(requested) < lease:
        return None  # another worker is asking; its CASE_REPORT_READY brings the link
    claim = Link.objects.filter(pk=link.pk, data__report_file_id__isnull=True)
    claim = (
        claim.filter(data__report_requested_at=requested)
        if requested
        else claim.filter(data__report_requested_at__isnull=True)
    )
    if not claim.update(data={**fresh, "report_requested_at": timezone.now().isoformat()}):
        return None
    file_id = certn.generate_report(case_id)
    link_data_merge(link, report_file_id=file_id)
    return file_id
