"""Background checks in a real browser: the list, a candidate's page (orders, cases, statuses, report
links) and "Refresh this case", against the live hub, its worker and both sandboxes."""

import pytest

from integrations.certn.sandbox import models as certn_sandbox
from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK
from mappings.screening.models import BackgroundCheck, CaseRequest, ReportUrlType
from tests.browser.conftest import CHROMIUM, log_in, no_horizontal_scroll, shot
from tests.live import wait_until
from tests.screening.live import screening, settled, the_case, wait_screening, wire

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def test_a_candidates_page_shows_the_case_and_refresh_brings_what_certn_says_to_icims(page, live_hub):
    _, client, workflow = wire(live_hub, report=ReportUrlType.PORTAL)
    client.move_workflow(workflow.id, STATUS_BACKGROUND_CHECK)
    case = the_case(live_hub, email_address="amara.okafor@example.org")
    wait_screening(live_hub, client, workflow, "In-Progress Candidate", bgcorderid=str(case.pk))
    wait_until(lambda: BackgroundCheck.objects.filter(case_id=str(case.pk)).exists(), message="the check row")
    settled(live_hub)
    # Certn completes the case but its webhook never reaches the hub.
    certn_sandbox.Case.objects.filter(pk=case.pk).update(overall_status="COMPLETE", overall_score="CLEAR")

    log_in(page)
    page.goto("/admin/screening/backgroundcheck/")
    page.wait_for_selector("text=Amara Okafor")
    assert no_horizontal_scroll(page)
    page.click("text=Amara Okafor")
    page.wait_for_selector("text=Background checks of Amara Okafor")
    assert "APPLICANT_INVITED" in page.content() and "Cancel" in page.content()
    page.click("input[value='Refresh this case']")
    page.wait_for_selector("text=queued for 1 check")
    done = wait_screening(live_hub, client, workflow, "Complete", bgcresult="CLEAR")
    portal = f"{live_hub.url}/sandbox/certn/ca/portal/cases/{case.pk}/"
    assert done["bgcreporturl"] == portal

    page.reload()
    page.wait_for_selector("a:has-text('Open report')")
    assert page.get_attribute("a:has-text('Open report')", "href") == portal
    assert "Read again from Certn (COMPLETE); iCIMS shows Complete." in page.content()
    assert no_horizontal_scroll(page)
    shot(page, "screening-candidate-page")

    # A value edited by hand in iCIMS: nothing changed in Certn, yet Refresh writes it right again.
    group = screening(client, workflow)
    client.update_collection_entry("people", workflow.person_id, "bgcresults", group["entry"], {"bgcresult": "REVIEW"})
    page.click("input[value='Refresh this case']")
    page.wait_for_selector("text=queued for 1 check")
    wait_screening(live_hub, client, workflow, "Complete", bgcresult="CLEAR")
    refreshes = CaseRequest.objects.filter(action="refresh", status="done")
    assert refreshes.count() == 2 and {r.requested_by.username for r in refreshes} == {"boss"}
