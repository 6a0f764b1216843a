"""The background checks in the admin (list, a candidate's page, asking why), other Certn regions in the
integration settings, and a person's checks under "Forget this person"."""

import pytest
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from mappings.screening.admin_regions import CertnRegionForm, CertnRegionFormSet
from mappings.screening.models import (
    BackgroundCheck,
    CaseRequest,
    CertnRegion,
    CheckPackage,
    ScreeningSettings,
    StageOrder,
)
from mappings.screening.privacy import erase_person, find_person
from sync.flows.screening.status import check_record
from sync.services.erasure import person_identify
from tests.screening.helpers import CASE_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(linked) -> BackgroundCheck:
    linked.data.update(
        candidate_name="Amara Okafor",
        email="amara.okafor@example.org",
        job_title="Registered Nurse - ICU",
        certn_status="COMPLETE",
        icims_status="Complete",
        result="CLEAR",
        report_url="https://client.certn.co/ca/cases/x/",
        open=False,
    )
    linked.save()
    return check_record(linked)


def candidate_url(check) -> str:
    return f"/admin/screening/backgroundcheck/candidate/{check.icims_connection_id}/{check.person_id}/"


def test_the_list_filters_searches_and_links_each_candidate(admin_client, check):
    for url in [
        "/admin/screening/backgroundcheck/?open__exact=0&region=CA&q=okafor",
        "/admin/screening/backgroundcheck/?icims_status=Complete&package_source=stage",
        f"/admin/screening/backgroundcheck/{check.pk}/change/",
        "/admin/screening/caserequest/?status=done&q=okafor",
    ]:
        assert admin_client.get(url).status_code == 200, url
    listed = admin_client.get("/admin/screening/backgroundcheck/?q=okafor").content.decode()
    assert candidate_url(check) in listed and "Amara Okafor" in listed and "CLEAR" in listed


def test_a_candidates_page_shows_each_case_with_its_report_and_offers_what_fits(admin_client, check):
    page = admin_client.get(candidate_url(check)).content.decode()
    assert "Background checks of Amara Okafor" in page and CASE_ID in page
    assert 'href="https://client.certn.co/ca/cases/x/"' in page and "Refresh this case" in page
    assert "Cancel&hellip;" not in page and "Order again&hellip;" not in page  # complete: neither fits
    answer = admin_client.post(candidate_url(check), {"check": check.pk}, follow=True)
    assert "queued for 1 check" in answer.content.decode()
    assert CaseRequest.objects.get().action == "refresh"


def test_cancel_asks_why_and_records_nothing_without_a_reason(admin_client, check):
    BackgroundCheck.objects.filter(pk=check.pk).update(certn_status="IN_PROGRESS", open=True)
    url = f"/admin/screening/backgroundcheck/{check.pk}/ask/cancel/"
    form = admin_client.get(url).content.decode()
    assert "Cancel these background checks in Certn?" in form and 'name="reason"' in form
    assert "This field is required" in admin_client.post(url, {"confirmed": "yes", "reason": ""}).content.decode()
    assert not CaseRequest.objects.exists()
    answer = admin_client.post(url, {"confirmed": "yes", "reason": "Hired elsewhere"})
    assert answer.status_code == 302 and answer["Location"] == candidate_url(check)
    assert CaseRequest.objects.get().reason == "Hired elsewhere"


def test_the_list_action_says_why_a_check_was_left_out(admin_client, check):
    answer = admin_client.post(
        "/admin/screening/backgroundcheck/",
        {"action": "cancel", "_selected_action": [check.pk], "confirmed": "yes", "reason": "x"},
        follow=True,
    )
    assert "not queued" in answer.content.decode() and "only an open case can be cancelled" in answer.content.decode()


def other_region(wiring, make_connection, region="UK"):
    conn, _, _ = make_connection("certn", slug=f"certn-{region.lower()}", region=region, credentials={"api_key": "k"})
    return conn


def test_a_second_region_lets_a_stage_order_its_packages(wiring, make_connection):
    uk_package = CheckPackage.objects.create(
        certn_package_id="11111111-2222-4333-8444-555555555555", region="UK", name="UK Standard"
    )
    stage = StageOrder(settings=wiring["settings"], status_id="C1", job_location="London", package=uk_package)
    with pytest.raises(ValidationError, match="Add a Certn UK connection under 'Other Certn regions'"):
        stage.full_clean()
    CertnRegion.objects.create(settings=wiring["settings"], certn_connection=other_region(wiring, make_connection))
    stage.full_clean()


def test_one_connection_per_region_the_main_one_included(wiring, make_connection):
    with pytest.raises(ValidationError, match="main region already"):
        CertnRegion(settings=wiring["settings"], certn_connection=wiring["certn"]).full_clean()
    CertnRegion.objects.create(settings=wiring["settings"], certn_connection=other_region(wiring, make_connection))
    second, _, _ = make_connection("certn", slug="certn-uk-2", region="UK", credentials={"api_key": "k2"})
    with pytest.raises(ValidationError, match="has a Certn UK connection already"):
        CertnRegion(settings=wiring["settings"], certn_connection=second).full_clean()
    CertnRegion.objects.all().delete()
    third, _, _ = make_connection("certn", slug="certn-uk-3", region="UK", credentials={"api_key": "k3"})
    formset = inlineformset_factory(
        ScreeningSettings, CertnRegion, form=CertnRegionForm, formset=CertnRegionFormSet, extra=0
    )(
        instance=wiring["settings"],
        data={
            "other_regions-TOTAL_FORMS": "2",
            "other_regions-INITIAL_FORMS": "0",
            "other_regions-0-certn_connection": second.pk,
            "other_regions-1-certn_connection": third.pk,
        },
        prefix="other_regions",
    )
    assert not formset.is_valid() and "one Certn connection per region" in str(formset.non_form_errors())


def test_forget_this_person_finds_and_erases_their_checks(check):
    CaseRequest.objects.create(check_row=check, action="refresh", reason="look again")
    person = person_identify(email="Amara.Okafor@example.org")
    find_person(person)
    assert "Amara Okafor" in person.names and ("certn", CASE_ID) in person.refs and ("icims", "20411") in person.refs
    assert erase_person(person) == {"background_checks": 1, "check_requests": 1}
    assert not BackgroundCheck.objects.exists()
