"""The Certn sandbox's pages behind the links Certn hands out: the pre-signed report PDF, the
portal's case page and the candidate's invitation (not part of the Api-Key API)."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from integrations.certn.sandbox import reports, state
from integrations.certn.sandbox.http import uuid_or_none
from integrations.certn.sandbox.models import Case, ReportFile
from integrations.certn.sandbox.pdf import text_pdf


def report_pdf(request, region: str, file_id):
    """The pre-signed PDF URL: no Api-Key, but the signature must match."""
    report = (
        ReportFile.objects.filter(pk=uuid_or_none(file_id), case__account__region=region, status="COMPLETE")
        .select_related("case")
        .first()
    )
    problem = "NoSuchKey" if report is None else reports.pdf_link_problem(report, request.GET)
    if problem:  # S3's answer to a bad or expired pre-signed URL
        return HttpResponse(
            f"<Error><Code>AccessDenied</Code><Message>{escape(problem)}</Message></Error>",
            status=403,
            content_type="application/xml",
        )
    case = report.case
    pdf = text_pdf(
        [
            "Certn sandbox background check report",
            f"Case {case.short_id} ({case.pk})",
            f"Candidate: {case.given_name} {case.family_name} <{case.email_address}>",
            f"Status: {case.overall_status}",
            f"Result: {case.overall_score or 'pending'}",
        ]
        + [f"{c['type']}: {c['status']} {c.get('score') or ''}" for c in case.checks]
    )
    return HttpResponse(pdf, content_type="application/pdf")


def portal_case(request, region: str, case_id):
    """The secure portal link: a Certn login is needed (here: any signed-in hub user)."""
    if not request.user.is_authenticated:
        return redirect(f"/admin/login/?next={request.path}")
    case = Case.objects.filter(pk=uuid_or_none(case_id), account__region=region).first()
    if case is None:
        return HttpResponse("Case not found in this region.", status=404, content_type="text/plain")
    return HttpResponse(
        f"<h1>Certn portal (sandbox)</h1><p>Case {escape(case.short_id)}: "
        f"{escape(case.overall_status)} {escape(case.overall_score or '')}</p>"
    )


@csrf_exempt
def invite(request, region: str, case_id):
    """The candidate's invitation page: submitting moves the case to APPLICANT_SUBMITTED."""
    case = Case.objects.filter(pk=uuid_or_none(case_id), account__region=region).select_related("account").first()
    if case is None:
        return HttpResponse("This invitation does not exist.", status=404, content_type="text/plain")
    waiting = ("APPLICANT_INVITED", "APPLICANT_OPENED", "APPLICANT_STARTED")
    if request.method == "POST" and case.overall_status in waiting:
        state.case_set_status(case, "APPLICANT_SUBMITTED")
    return HttpResponse(
        f"<h1>{escape(case.account.name)}: background check</h1>"
        f"<p>Status: {escape(case.overall_status)}</p>"
        '<form method="post"><button>Submit my details</button></form>'
    )
