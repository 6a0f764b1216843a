"""The iCIMS Search API: paging by id, and a listing that never ends stopped with a clear error."""

import json
from datetime import UTC, datetime

import pytest
import responses
import time_machine

from integrations.client.errors import ListingTooLong
from tests.icims.helpers import make_client, url


@pytest.fixture
def client():
    return make_client()


def sent_json(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
@time_machine.travel(datetime(2026, 3, 13, 9, 0, tzinfo=UTC))
def test_search_pages_by_id_until_a_short_page(client):
    first = [{"self": url(f"applicantworkflows/{i}"), "id": i} for i in range(1, 1001)]
    responses.post(url("search/applicantworkflows"), json={"searchResults": first})
    responses.post(url("search/applicantworkflows"), json={"searchResults": [{"self": "x", "id": 1005}]})
    since = datetime(2026, 3, 4, 14, 15, tzinfo=UTC)
    ids = [r["id"] for r in client.search_workflows(status="C2050", updated_since=since)]
    assert ids == [*range(1, 1001), 1005]
    first_filters, second_filters = (sent_json(c)["filters"] for c in responses.calls)
    assert first_filters[0] == {"name": "applicantworkflow.status", "value": ["C2050"], "operator": "="}
    assert first_filters[2] == {"name": "applicantworkflow.id", "value": ["0"], "operator": ">"}
    assert second_filters[-1] == {"name": "applicantworkflow.id", "value": ["1000"], "operator": ">"}


@responses.activate
def test_search_stops_with_a_clear_error_when_pages_do_not_move_past_the_last_id(client):
    same = [{"self": url(f"applicantworkflows/{i}"), "id": i} for i in range(1, 1001)]
    responses.post(url("search/applicantworkflows"), json={"searchResults": same})
    with pytest.raises(ListingTooLong, match="did not end after 2 pages"):
        list(client.search_workflows(status="C2050"))
    assert len(responses.calls) == 2


@responses.activate
def test_search_stops_at_the_page_cap(client):
    client.max_pages = 3
    for start in range(0, 4000, 1000):
        page = [{"self": url(f"applicantworkflows/{i}"), "id": i} for i in range(start + 1, start + 1001)]
        responses.post(url("search/applicantworkflows"), json={"searchResults": page})
    with pytest.raises(ListingTooLong) as raised:
        list(client.search_workflows())
    assert raised.value.pages == 3
    assert len(responses.calls) == 3


@responses.activate
@time_machine.travel(datetime(2026, 3, 13, 9, 0, tzinfo=UTC))
def test_updated_since_is_sent_in_icims_date_form_with_a_positive_staleness(client):
    """iCIMS's Search API examples: a date range as `{DATE:...}` tokens in value and secondaryValue,
    and `staleness` a positive number of minutes (0 is not one)."""
    responses.post(url("search/applicantworkflows"), json={"searchResults": []})
    list(client.search_workflows(updated_since=datetime(2026, 3, 4, 14, 15, tzinfo=UTC)))
    assert responses.calls[0].request.params == {"staleness": "1"}
    [date_filter, _] = sent_json(responses.calls[0])["filters"]
    # nine days back, and one more: iCIMS counts whole days in the tenant's time zone
    assert date_filter == {
        "name": "applicantworkflow.updateddate",
        "value": ["{DATE:START}{DATE:-10}"],
        "secondaryValue": ["{DATE:END}"],
        "operator": "=",
    }
