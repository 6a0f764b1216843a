"""Certn's status and report flowing back to iCIMS, from webhooks and from polling."""

import pytest
import responses

from mappings.screening.models import ReportUrlType
from sync.flows.screening.order import OBJECT_TYPE, ORDER_FLOW
from sync.models import Link, Outcome, Record
from sync.services.runs import run_enqueue
from tests.screening.helpers import (
    CASE_ID,
    CASE_URL,
    CERTN,
    FILE_ID,
    PDF_URL,
    case,
    certn_fixture,
    deliver_certn,
    last,
    linked_conn,
    mocked,
    screen_with_order,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("certn_status", "icims_status", "result"),
    [
        ("APPLICANT_SUBMITTED", "In-Progress Vendor", None),
        ("IN_PROGRESS", "In-Progress Vendor", None),
        ("CLIENT_ACTION_REQUIRED", "In-Progress Vendor", "Action required in Certn"),
        ("APPLICANT_EXPIRED", "Incomplete", "Candidate did not submit in time"),
        ("CANCELLED", "Incomplete", "Cancelled"),
    ],
)
def test_case_status_change_updates_the_icims_screening_status(linked, certn_status, icims_status, result):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case(certn_status))
        deliver_certn(linked_conn(linked), case_status=certn_status)
    assert len(screen.groups) == 1  # updated in place, not a new row per status
    assert screen.latest["bgcorderstatus"] == icims_status
    assert screen.latest.get("bgcresult") == result
    assert last().outcome == Outcome.UPDATED


def test_unchanged_case_is_not_written_again(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        deliver_certn(linked_conn(linked))
        deliver_certn(linked_conn(linked), id="second-event", event_id="second-event")
        patches = [c for c in rsps.calls if c.request.method == "PATCH"]
    assert len(patches) == 1
    assert last().outcome == Outcome.UNCHANGED
    assert screen.latest["bgcorderstatus"] == "In-Progress Vendor"


def test_complete_with_pdf_type_writes_the_result_then_stores_the_pdf_in_icims_when_ready(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.post(
            f"{CERTN}/api/public/cases/{CASE_ID}/generate-report/", json={"case_report_file_id": FILE_ID}, status=201
        )
        pending = rsps.get(
            f"{CERTN}/api/public/cases/report-files/{FILE_ID}/", json={"status": "PENDING", "pdf_url": None}
        )
        deliver_certn(linked_conn(linked))
        assert (screen.latest["bgcorderstatus"], screen.latest["bgcresult"]) == ("Complete", "CLEAR")
        assert "bgcreporturl" not in screen.latest
        assert Link.objects.get().data["open"] is True  # still waiting for the PDF
        rsps.remove(pending)
        rsps.get(f"{CERTN}/api/public/cases/report-files/{FILE_ID}/", json=certn_fixture("report_file_complete"))
        pdf = rsps.get(PDF_URL, body=b"%PDF-1.4 report", content_type="application/pdf")
        deliver_certn(linked_conn(linked), "CASE_REPORT_READY")
        deliver_certn(linked_conn(linked), "CASE_REPORT_READY", id="again", event_id="again")
        generated = [c for c in rsps.calls if c.request.url.endswith("/generate-report/")]
    assert len(generated) == 1  # the file id was kept, not requested again
    assert "Authorization" not in pdf.calls[0].request.headers  # the Api-Key never goes to the PDF host
    assert len(screen.files) == 1 and b"%PDF-1.4 report" in screen.files[0]  # stored once
    # The pre-signed PDF URL expires: iCIMS gets the portal link, which does not.
    assert screen.latest["bgcreporturl"] == f"https://client.certn.co/ca/cases/{CASE_ID}/"
    assert Link.objects.get().data["open"] is False
    assert (
        "report PDF stored in iCIMS field field60102" in Record.objects.filter(outcome="updated").latest("id").message
    )


def test_complete_with_portal_type_writes_the_certn_portal_link(linked, wiring):
    wiring["settings"].report_url_type = ReportUrlType.PORTAL
    wiring["settings"].save()
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        deliver_certn(linked_conn(linked))
    assert screen.latest["bgcreporturl"] == f"https://client.certn.co/ca/cases/{CASE_ID}/"
    assert not any("generate-report" in c.request.url for c in rsps.calls)


def test_event_for_a_case_crosswalk_did_not_order_is_skipped(wiring):
    with responses.RequestsMock():
        deliver_certn(wiring["certn"])
    assert last().outcome == Outcome.SKIPPED and "not ordered through Crosswalk" in last().message


def test_polling_catches_up_open_cases_and_leaves_closed_ones(linked, wiring, django_capture_on_commit_callbacks):
    closed = Link.objects.create(
        flow_key=ORDER_FLOW,
        object_type=OBJECT_TYPE,
        source_system="icims",
        source_id="7712/1/x",
        target_system="certn",
        target_id="done-case",
        origin="icims",
        data={**linked.data, "open": False},
    )
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        with django_capture_on_commit_callbacks(execute=True):
            run = run_enqueue(flow_key="screening.poll_cases", trigger="manual")
        urls = [c.request.url for c in rsps.calls]
    run.refresh_from_db()
    assert (run.status, run.read, run.updated) == ("succeeded", 1, 1)
    assert screen.latest["bgcorderstatus"] == "In-Progress Vendor"
    assert not any(closed.target_id in u for u in urls)


def test_check_status_change_is_noted_without_fetching_the_case(linked):
    with responses.RequestsMock():  # no call: the case's own event carries the change
        deliver_certn(linked_conn(linked), "CHECK_STATUS_CHANGED")
    assert last().outcome == Outcome.SKIPPED and "iCIMS shows the case's status" in last().message


def test_pdf_asked_for_by_another_worker_is_not_generated_twice(linked):
    from django.utils import timezone

    Link.objects.filter(pk=linked.pk).update(data={**linked.data, "report_requested_at": timezone.now().isoformat()})
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        deliver_certn(linked_conn(linked))
        assert not any("generate-report" in c.request.url for c in rsps.calls)
    assert screen.latest["bgcorderstatus"] == "Complete" and "bgcreporturl" not in screen.latest
    assert Link.objects.get().data["report_requested_at"]  # kept for the worker that asked


def test_pdf_request_left_by_a_dead_worker_is_made_again(linked):
    from django.utils import timezone

    long_ago = (timezone.now() - timezone.timedelta(hours=1)).isoformat()
    Link.objects.filter(pk=linked.pk).update(data={**linked.data, "report_requested_at": long_ago})
    with mocked() as rsps:
        screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.post(
            f"{CERTN}/api/public/cases/{CASE_ID}/generate-report/", json={"case_report_file_id": FILE_ID}, status=201
        )
        rsps.get(f"{CERTN}/api/public/cases/report-files/{FILE_ID}/", json=certn_fixture("report_file_complete"))
        rsps.get(PDF_URL, body=b"%PDF-1.4 report", content_type="application/pdf")
        deliver_certn(linked_conn(linked))
    assert Link.objects.get().data["report_file_id"] == FILE_ID
    assert Link.objects.get().data["report_stored_in"] == "field60102"
