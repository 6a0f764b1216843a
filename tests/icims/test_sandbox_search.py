"""The emulator's Search API speaks iCIMS's documented date form and refuses what iCIMS does not document."""

from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.icims.sandbox.models import Workflow

pytestmark = pytest.mark.django_db

SEARCH = "search/applicantworkflows"


def since_days(days: int) -> dict:
    """iCIMS's example: updated between the start of the day `days` ago and the end of today."""
    return {
        "filters": [
            {
                "name": "applicantworkflow.updateddate",
                "value": [f"{{DATE:START}}{{DATE:-{days}}}"],
                "secondaryValue": ["{DATE:END}"],
                "operator": "=",
            }
        ],
        "operator": "&",
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [hit["id"] for hit in response.json()["searchResults"]]


def test_date_range_in_date_tokens_finds_recently_updated_workflows(api, tenant):
    old = Workflow.objects.order_by("pk").first()
    Workflow.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=20))
    recent = ids(api("post", f"{SEARCH}?staleness=1", json=since_days(9)))
    assert old.pk not in recent and len(recent) == Workflow.objects.count() - 1
    assert old.pk in ids(api("post", SEARCH, json=since_days(21)))


def test_a_range_with_only_an_end_matches_everything_up_to_it(api, tenant):
    query = {"filters": [{"name": "applicantworkflow.updateddate", "value": [], "secondaryValue": ["{DATE:END}"]}]}
    assert len(ids(api("post", SEARCH, json=query))) == Workflow.objects.count()


def test_dates_written_out_are_a_documented_form_too(api, tenant):
    old = Workflow.objects.order_by("pk").first()
    Workflow.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=20))
    since = (timezone.now() - timedelta(days=9)).strftime("%Y-%m-%d %I:%M %p")
    for date_filter in (
        {"name": "applicantworkflow.updateddate", "value": [since]},  # no end: open range
        {"name": "applicantworkflow.updateddate", "value": [since[:10]], "secondaryValue": ["{DATE:END}"]},
        {"name": "applicantworkflow.updateddate", "value": [since], "operator": ">="},
    ):
        assert old.pk not in ids(api("post", SEARCH, json={"filters": [date_filter]})), date_filter


def test_a_date_in_no_known_form_lets_everything_through_as_icims_documents(api, tenant):
    query = {"filters": [{"name": "applicantworkflow.updateddate", "value": ["last tuesday"], "operator": "="}]}
    assert len(ids(api("post", SEARCH, json=query))) == Workflow.objects.count()


def test_a_blank_date_filter_is_refused_in_the_icims_error_shape(api, tenant):
    response = api("post", SEARCH, json={"filters": [{"name": "applicantworkflow.updateddate", "value": []}]})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert "updateddate" in error["errorMessage"] and response["X-Error"].startswith(f"{error['errorCode']}:")


@pytest.mark.parametrize("staleness", ["0", "-5", "soon"])
def test_staleness_must_be_a_positive_number_of_minutes(api, tenant, staleness):
    query = {"filters": [{"name": "applicantworkflow.id", "value": ["0"], "operator": ">"}]}
    response = api("post", f"{SEARCH}?staleness={staleness}", json=query)
    assert response.status_code == 400 and "staleness" in response.json()["errors"][0]["errorMessage"]
    assert api("post", f"{SEARCH}?staleness=15", json=query).status_code == 200
