"""Which package a candidate gets (the job's BGCheck package or the stage's, per location) and which
Certn account orders it (the package's region), with HTTP mocked by `responses`."""

import json

import pytest
from responses import matchers

from mappings.screening.models import CertnRegion, CheckPackage, PackageSource, StageOrder
from mappings.screening.selectors import JobFacts, certn_route, package_choice
from sync.models import Link, Outcome
from tests.screening.helpers import CASE_ID, STAGE, IcimsScreen, certn_fixture, deliver_stage_change, last, mocked

pytestmark = pytest.mark.django_db
UK = "https://api.uk.certn.test"
UK_GROUP = "7b1ac795-d744-4604-942b-620b91ce44b0"
HEALTHCARE = {"id": "C60001", "value": "Healthcare Standard"}


def package(name: str, region: str = "CA", pid: str = "1", **fields) -> CheckPackage:
    return CheckPackage.objects.create(
        certn_package_id=f"{pid * 8}-2222-4333-8444-555555555555", region=region, name=name, **fields
    )


@pytest.fixture
def uk(wiring, make_connection):
    conn, _, _ = make_connection("certn", slug="certn-uk", region="UK", base_url=UK, credentials={"api_key": "uk"})
    CertnRegion.objects.create(settings=wiring["settings"], certn_connection=conn, default_group_id=UK_GROUP)
    return conn


def test_without_a_job_package_the_stage_decides(wiring):
    choice = package_choice(settings=wiring["settings"], status_id=STAGE, job=JobFacts())
    assert (choice.packages, choice.source, choice.note) == ([wiring["package"]], PackageSource.STAGE, "")


def test_a_job_package_named_by_its_icims_id_wins_over_the_stages(wiring):
    nurses = package("Nurses", icims_package_id="C60001")
    choice = package_choice(settings=wiring["settings"], status_id=STAGE, job=JobFacts(packages=(("C60001", "X"),)))
    assert (choice.packages, choice.source) == ([nurses], PackageSource.JOB)


def test_a_job_package_named_by_its_exact_name_is_found_in_the_stages_region(wiring, uk):
    package("Night Nurses", region="UK", pid="2")
    ca = package("Night Nurses", region="CA", pid="3")
    job = JobFacts(packages=(("C99", "night nurses"),))
    assert package_choice(settings=wiring["settings"], status_id=STAGE, job=job).packages == [ca]


def test_an_unknown_job_package_orders_the_stages_and_says_so(wiring):
    job = JobFacts(packages=(("C60002", "Basic Criminal Record"),))
    choice = package_choice(settings=wiring["settings"], status_id=STAGE, job=job)
    assert choice.packages == [wiring["package"]] and choice.source == PackageSource.STAGE
    assert "'Basic Criminal Record' (C60002) is no check package" in choice.note
    assert choice.note.endswith("the stage's package was ordered")


def test_a_location_row_wins_and_a_location_without_one_orders_nothing(wiring, uk):
    london = package("UK Standard", region="UK", pid="4")
    StageOrder.objects.create(settings=wiring["settings"], status_id=STAGE, job_location="C70101", package=london)
    at_london = JobFacts(location_id="C70101", location_name="London Bridge Hospital")
    assert package_choice(settings=wiring["settings"], status_id=STAGE, job=at_london).packages == [london]
    assert package_choice(settings=wiring["settings"], status_id=STAGE, job=JobFacts()).packages == [wiring["package"]]
    StageOrder.objects.filter(job_location="").delete()
    choice = package_choice(settings=wiring["settings"], status_id=STAGE, job=JobFacts(location_name="Vancouver"))
    assert choice.skip == f"status {STAGE} orders a check only for jobs at C70101; this job is at Vancouver"


def test_each_region_routes_to_its_own_connection_and_group(wiring, uk):
    assert certn_route(settings=wiring["settings"], region="CA").connection == wiring["certn"]
    route = certn_route(settings=wiring["settings"], region="UK")
    assert (route.connection, route.group_id) == (uk, UK_GROUP)
    assert certn_route(settings=wiring["settings"], region="AU") is None


def test_a_uk_job_package_is_ordered_from_the_uk_account_in_its_group(wiring, uk):
    london = package("UK Standard", region="UK", pid="5", icims_package_id="C60009")
    with mocked() as rsps:
        IcimsScreen(rsps, job={"bgcpackagetype": [{"id": "C60009", "value": "UK Standard"}]})
        rsps.post(
            f"{UK}/api/public/cases/order-package/",
            json=certn_fixture("case_ordered"),
            status=201,
            match=[matchers.header_matcher({"Authorization": "Api-Key uk"})],
        )
        deliver_stage_change(wiring["icims"])
        sent = json.loads(next(c for c in rsps.calls if "order-package" in c.request.url).request.body)
    assert (sent["package"], sent["group"]) == (str(london.certn_package_id), UK_GROUP)
    link = Link.objects.get(target_id=CASE_ID)
    assert (link.data["certn_connection"], link.data["region"], link.data["package_source"]) == (uk.pk, "UK", "job")
    assert (
        last("order_check").outcome == Outcome.CREATED and "the job's package, Certn UK" in last("order_check").message
    )


def test_a_package_of_a_region_without_a_connection_fails_saying_where_to_add_it(wiring):
    package("AU Standard", region="AU", pid="6", icims_package_id="C60010")
    with mocked() as rsps:
        IcimsScreen(rsps, job={"bgcpackagetype": [{"id": "C60010", "value": "AU Standard"}]})
        deliver_stage_change(wiring["icims"])
    failed = last("order_check")
    assert failed.outcome == Outcome.FAILED and "no Certn AU connection" in failed.message
    assert "'Other Certn regions'" in failed.message and not Link.objects.exists()


def test_a_job_choosing_two_packages_orders_both(wiring):
    package("Nurses", pid="7", icims_package_id="C60001")
    package("Credit", pid="8", icims_package_id="C60003")
    second = {**certn_fixture("case_ordered"), "id": "1f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa11"}
    with mocked() as rsps:
        IcimsScreen(rsps, job={"bgcpackagetype": [HEALTHCARE, {"id": "C60003", "value": "Credit"}]})
        rsps.post("https://api.ca.certn.test/api/public/cases/order-package/", json=certn_fixture("case_ordered"))
        rsps.post("https://api.ca.certn.test/api/public/cases/order-package/", json=second)
        deliver_stage_change(wiring["icims"])
    assert sorted(Link.objects.values_list("data__package_name", flat=True)) == ["Credit", "Nurses"]
