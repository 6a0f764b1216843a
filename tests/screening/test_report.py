"""The report stays readable from iCIMS: the PDF is stored there, never Certn's expiring link.

And a webhook is a hint: what iCIMS shows comes from reading the case, whatever the body says.
"""

import pytest

from integrations.client import PermanentError
from sync.models import Link, Outcome
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
REPORT_FILE_URL = f"{CERTN}/api/public/cases/report-files/{FILE_ID}/"
PORTAL = f"https://client.certn.co/ca/cases/{CASE_ID}/"
EXPIRED = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"


def report_ready(linked):
    Link.objects.filter(pk=linked.pk).update(data={**linked.data, "report_file_id": FILE_ID})


def fresh_url(n: int) -> dict:
    return {"status": "COMPLETE", "pdf_url": f"{PDF_URL}?X-Amz-Date={n}&X-Amz-Expires=900&X-Amz-Signature={n}"}


def test_body_saying_complete_is_not_written_when_the_api_says_in_progress(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=case("IN_PROGRESS"))
        deliver_certn(linked_conn(linked), case_status="COMPLETE")  # the body disagrees with the API
    assert screen.latest["bgcorderstatus"] == "In-Progress Vendor"
    assert "bgcresult" not in screen.latest and "bgcreporturl" not in screen.latest
    assert Link.objects.get().data["certn_status"] == "IN_PROGRESS"


def test_body_saying_in_progress_is_not_written_when_the_api_says_complete(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.get(REPORT_FILE_URL, json=fresh_url(1))
        rsps.get(PDF_URL, body=b"%PDF-1.4 report", content_type="application/pdf")
        report_ready(linked)
        deliver_certn(linked_conn(linked), case_status="IN_PROGRESS")
    assert (screen.latest["bgcorderstatus"], screen.latest["bgcresult"]) == ("Complete", "CLEAR")


def test_a_link_that_expired_in_between_is_read_again_and_the_pdf_still_stored(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.get(REPORT_FILE_URL, json=fresh_url(1))
        rsps.get(REPORT_FILE_URL, json=fresh_url(2))
        rsps.get(f"{PDF_URL}?X-Amz-Date=1&X-Amz-Expires=900&X-Amz-Signature=1", status=403, body=EXPIRED)
        rsps.get(f"{PDF_URL}?X-Amz-Date=2&X-Amz-Expires=900&X-Amz-Signature=2", body=b"%PDF-1.4 fresh")
        report_ready(linked)
        deliver_certn(linked_conn(linked), "CASE_REPORT_READY")
    assert len(screen.files) == 1 and b"%PDF-1.4 fresh" in screen.files[0]
    assert screen.latest["bgcreporturl"] == PORTAL
    assert Link.objects.get().data["open"] is False


def test_a_link_that_never_opens_fails_the_record_and_asks_for_a_new_report_next_time(linked):
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.get(REPORT_FILE_URL, json=fresh_url(1))
        rsps.get(f"{PDF_URL}?X-Amz-Date=1&X-Amz-Expires=900&X-Amz-Signature=1", status=403, body=EXPIRED)
        report_ready(linked)
        deliver_certn(linked_conn(linked), "CASE_REPORT_READY")
    assert last().outcome == Outcome.FAILED and "did not open twice" in last().message
    assert "X-Amz-Signature" not in last().message  # the pre-signed query is never logged
    data = Link.objects.get().data
    assert data.get("report_file_id") is None and data["open"] is True  # polling brings it on
    assert not screen.files


def test_pdf_type_without_a_report_file_field_writes_the_portal_link_and_says_why(linked, wiring):
    wiring["settings"].report_file_field = ""
    wiring["settings"].save()
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        deliver_certn(linked_conn(linked))
        assert not any("generate-report" in c.request.url for c in rsps.calls)
    assert screen.latest["bgcreporturl"] == PORTAL and not screen.files
    assert "no iCIMS report file field" in last().message


def test_a_pdf_icims_would_not_take_is_not_sent_and_the_portal_link_is(linked, wiring):
    icims = wiring["icims"]
    icims.settings = {**icims.settings, "max_file_bytes": 5}
    icims.save()
    with mocked() as rsps:
        screen = screen_with_order(rsps)
        rsps.get(CASE_URL, json=certn_fixture("case_complete"))
        rsps.get(REPORT_FILE_URL, json=fresh_url(1))
        rsps.get(PDF_URL, body=b"%PDF-1.4 report", content_type="application/pdf")
        report_ready(linked)
        deliver_certn(linked_conn(linked), "CASE_REPORT_READY")
    assert screen.latest["bgcreporturl"] == PORTAL and not screen.files
    assert "iCIMS does not take" in last().message


def test_expired_link_error_is_a_permanent_error_from_the_client(wiring):
    client = wiring["certn"].client()
    client._sleep = lambda seconds: None
    with mocked() as rsps:
        rsps.get(PDF_URL, status=403, body=EXPIRED)
        with pytest.raises(PermanentError):
            client.download_report_pdf(PDF_URL)
