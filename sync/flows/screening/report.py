"""The report iCIMS gets when a case is complete: the PDF stored in iCIMS, and a link that lasts.

Certn hands out its PDF as a pre-signed URL whose lifetime it does not publish (contract §2.6;
15 minutes in its sample), so writing that URL into iCIMS would leave recruiters with dead links.
Per the settings' report type:
- PDF: the report is generated, downloaded at once (a fresh URL is read just before) and stored
  on the candidate in iCIMS's report file field; the Certn portal link, which does not expire,
  is written as the report link;
- portal: only the portal link (it needs a Certn login).

A PDF is generated on request and is ready later (CASE_REPORT_READY). Several workers may sync
the same case at once (Certn sends an event per check and per case), so the request is claimed
on the link first: one report is generated per case, and the others wait for its webhook.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings as django_settings
from django.utils import timezone

from integrations.certn.payloads import CaseData
from integrations.client import PermanentError
from integrations.models import Connection
from mappings.screening.models import ReportUrlType
from mappings.screening.services import settings_for_icims
from sync.models import Link
from sync.services.links import link_data_merge

PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class Report:
    url: str  # written as the report link: the Certn portal link, which does not expire
    stored_in: str = ""  # the iCIMS file field holding the PDF ("" when none is stored)
    note: str = ""  # why no PDF was stored, for the run's record


def report_for(certn, link: Link, case: CaseData) -> Report | None:
    """The report once the case is complete; None before, or while Certn is still making the PDF."""
    if case.overall_status != "COMPLETE":
        return None
    settings = settings_for_icims(connection=Connection.objects.get(pk=link.data["icims_connection"]))
    portal = certn.portal_url(case.id)
    if settings is None or settings.report_url_type == ReportUrlType.PORTAL:
        return Report(url=portal)
    field = settings.report_file_field.strip()
    if not field:
        return Report(url=portal, note="no PDF stored: the screening settings name no iCIMS report file field")
    stored = Link.objects.get(pk=link.pk).data.get("report_stored_in")
    if stored:
        return Report(url=portal, stored_in=stored)
    pdf = _pdf(certn, link, case.id)
    if pdf is None:
        return None
    icims = Connection.objects.get(pk=link.data["icims_connection"]).client()
    filename = f"certn-report-{case.short_id or case.id}.pdf"
    if not icims.file_accepted(filename, len(pdf)):
        return Report(url=portal, note=f"no PDF stored: iCIMS does not take {filename} ({len(pdf)} bytes)")
    icims.upload_file(link.data["person_id"], field=field, filename=filename, content=pdf, content_type=PDF_TYPE)
    link_data_merge(link, report_stored_in=field)
    return Report(url=portal, stored_in=field)


def _pdf(certn, link: Link, case_id: str) -> bytes | None:
    """The report's bytes, read through a pre-signed URL fetched just before; None while pending."""
    file_id = _report_file(certn, link, case_id)
    if not file_id:
        return None
    for attempt in (1, 2):  # a URL that expired in between: the report file hands out a fresh one
        report = certn.get_report_file(file_id)
        if report.get("status") == "FAILED":  # ask for a new one next time
            link_data_merge(link, report_file_id=None, report_requested_at=None)
            return None
        if report.get("status") != "COMPLETE" or not report.get("pdf_url"):
            return None
        try:
            return certn.download_report_pdf(report["pdf_url"])
        except PermanentError as exc:
            if attempt == 2:
                link_data_merge(link, report_file_id=None, report_requested_at=None)  # a new report next time
                raise PermanentError(
                    f"Certn's report PDF link did not open twice ({exc}); a new report is asked for on the next try",
                    status=exc.status,
                ) from exc
    return None


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
