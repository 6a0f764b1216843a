"""The Certn sandbox: real paths, Api-Key per region, Certn's errors, status walk, signed webhooks, PDFs."""

import hashlib
import hmac

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from integrations.certn.sandbox import EMULATOR, state, tasks
from integrations.certn.sandbox.models import Account, Case
from integrations.certn.sandbox.seed import CLOCK_SCHEDULE, account
from integrations.certn.sandbox.tasks import finish_report
from tests.certn.helpers import call, order

pytestmark = pytest.mark.django_db


def test_order_package_creates_an_invited_case_in_the_group_and_emails_the_candidate(client, ca, sent):
    response = order(client, ca)
    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    assert (case.overall_status, case.group.name, case.account.region) == ("APPLICANT_INVITED", "Hiring - iCIMS", "ca")
    assert case.invites.get().to == "amara.okafor@example.org"
    assert response.json()["overall_score"] is None
    assert [w["body"]["event_type"] for w in sent] == ["CASE_STATUS_CHANGED"]


def test_wrong_or_missing_api_key_is_401_client_error(client, ca):
    response = call(client, ca, "GET", "cases/", key="nope")
    assert response.status_code == 401 and response.json()["type"] == "client_error"
    assert client.get("/sandbox/certn/ca/api/public/cases/").status_code == 401


def test_another_regions_key_does_not_open_this_region(client, ca):
    uk = account("uk")
    assert call(client, ca, "GET", "cases/", key=uk.api_key).status_code == 401


def test_package_not_for_ats_use_is_refused_with_certns_validation_error(client, ca):
    ca.packages.update(use_in_ats=False)
    response = order(client, ca)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "code": "invalid",
        "detail": "Package is not enabled for ATS ordering.",
        "attr": "package",
    }


def test_missing_email_and_unknown_group_are_field_errors(client, ca):
    assert order(client, ca, email_address="").json()["errors"][0]["attr"] == "email_address"
    bad_group = order(client, ca, group="2a1ac795-d744-4604-942b-620b91ce44b9")
    assert bad_group.status_code == 400 and bad_group.json()["errors"][0]["attr"] == "group"


def test_advancing_walks_the_happy_path_and_sends_signed_webhooks(client, ca, sent):
    case = Case.objects.get(pk=order(client, ca).json()["id"])
    seen = []
    for _ in range(3):
        case = state.case_advance(case)
        seen.append(call(client, ca, "GET", f"cases/{case.pk}/").json()["overall_status"])
    assert seen == ["APPLICANT_SUBMITTED", "IN_PROGRESS", "COMPLETE"]
    detail = call(client, ca, "GET", f"cases/{case.pk}/").json()
    assert detail["overall_score"] == "CLEAR" and {c["status"] for c in detail["checks"]} == {"COMPLETE"}
    case_events = [w for w in sent if w["body"]["event_type"] == "CASE_STATUS_CHANGED"]
    assert [w["body"]["case_status"] for w in case_events] == ["APPLICANT_INVITED", *seen]
    for hook in sent:
        expected = hmac.new(ca.webhook_secret.encode(), hook["raw"], hashlib.sha256).hexdigest()
        assert hook["headers"]["X-Signature"] == expected
        assert hook["body"]["id"] == hook["body"]["event_id"]
    assert any(w["body"]["event_type"] == "CHECK_STATUS_CHANGED" for w in sent)


def test_unverified_webhook_endpoint_gets_no_events(client, ca, sent):
    Account.objects.filter(pk=ca.pk).update(webhook_verified_at=None)
    order(client, ca)
    assert sent == []


def test_report_is_pending_then_a_signed_pdf_url_serves_a_pdf(client, ca, sent):
    case_id = order(client, ca).json()["id"]
    state.case_set_status(Case.objects.get(pk=case_id), "COMPLETE", score="REVIEW")
    file_id = call(client, ca, "POST", f"cases/{case_id}/generate-report/", {"language": "en-CA"}).json()[
        "case_report_file_id"
    ]
    assert call(client, ca, "GET", f"cases/report-files/{file_id}/").json() == {"status": "PENDING", "pdf_url": None}
    finish_report(file_id)
    report = call(client, ca, "GET", f"cases/report-files/{file_id}/").json()
    assert report["status"] == "COMPLETE"
    assert sent[-1]["body"]["event_type"] == "CASE_REPORT_READY"
    pdf = client.get(report["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    assert b"REVIEW" in pdf.content
    forged = report["pdf_url"].split("X-Amz-Signature=")[0] + "X-Amz-Signature=" + "0" * 64
    assert client.get(forged).status_code == 403


def test_clock_advances_only_cases_whose_step_is_due(client, ca, sent):
    Account.objects.filter(pk=ca.pk).update(step_seconds=60)
    case = Case.objects.get(pk=order(client, ca).json()["id"])
    assert state.cases_advance_due() == 0
    assert state.cases_advance_due(now=timezone.now() + timezone.timedelta(seconds=61)) == 1
    case.refresh_from_db()
    assert case.overall_status == "APPLICANT_SUBMITTED"


def test_list_cases_is_paginated_in_certns_envelope(client, ca, sent):
    for _ in range(3):
        order(client, ca)
    page = call(client, ca, "GET", "cases/?page_size=2").json()
    assert page["pagination"]["result_count"] == 3 and page["pagination"]["next_page"] == 2
    assert len(page["results"]) == 2


def test_sandbox_page_shows_state_and_runs_actions(admin_client, ca, sent):
    case_id = order(admin_client, ca).json()["id"]
    cases = next(s for s in EMULATOR.sections() if s.title == "Cases")
    assert cases.rows[0][2:4] == ["amara.okafor@example.org", "APPLICANT_INVITED"]
    response = admin_client.post("/sandbox/certn/_actions/advance/", {"case_id": case_id, "score": "REJECT"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case_id).overall_status == "APPLICANT_SUBMITTED"
    admin_client.post("/sandbox/certn/_actions/complete-all/", {"score": "REJECT"})
    assert Case.objects.get(pk=case_id).overall_score == "REJECT"


def test_reseeding_points_an_existing_clock_schedule_at_the_task_where_it_lives_now():
    Schedule.objects.create(
        name=CLOCK_SCHEDULE, func="integrations.certn.tasks.clock", schedule_type=Schedule.MINUTES, minutes=1
    )
    EMULATOR.seed(step_seconds=0)
    assert import_string(Schedule.objects.get(name=CLOCK_SCHEDULE).func) is tasks.clock
