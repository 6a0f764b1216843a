"""DoceboClient against recorded answers: OAuth token reuse and refresh, paging, request shapes, errors."""

import json
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from integrations.client import Unauthorized
from integrations.docebo.client import DoceboClient
from integrations.models import Connection
from tests.docebo.helpers import api

BASE = "https://acme.docebosaas.com"
TOKEN_URL = f"{BASE}/oauth2/token"
CREDENTIALS = {"client_id": "crosswalk", "client_secret": "s3cr3t"}


def _connection(pk=1) -> Connection:
    return Connection(pk=pk, system="docebo", base_url=BASE, credentials=dict(CREDENTIALS))


def _client(conn=None) -> DoceboClient:
    client = DoceboClient(conn or _connection())
    client.waits = []
    client._sleep = client.waits.append  # record waits instead of sleeping
    return client


@pytest.fixture
def client():
    return _client()


def _query(call) -> dict:
    return parse_qs(urlparse(call.request.url).query)


def _body(call) -> dict:
    return json.loads(call.request.body)


def _api_calls() -> list:
    return [c for c in responses.calls if not c.request.url.startswith(TOKEN_URL)]


def _token_calls() -> list:
    return [c for c in responses.calls if c.request.url.startswith(TOKEN_URL)]


# --- OAuth2 --------------------------------------------------------------------------------------
@responses.activate
def test_token_is_fetched_with_client_credentials_and_sent_as_bearer(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user/13021", json=api("user_detail"))
    client.get_user(13021)
    form = parse_qs(_token_calls()[0].request.body)
    assert form == {
        "client_id": ["crosswalk"],
        "client_secret": ["s3cr3t"],
        "grant_type": ["client_credentials"],
        "scope": ["api"],
    }
    assert _api_calls()[0].request.headers["Authorization"] == f"Bearer {api('token')['access_token']}"


@responses.activate
def test_token_is_reused_by_later_clients_of_the_same_connection():
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user/13021", json=api("user_detail"))
    for _ in range(3):
        _client().get_user(13021)
    assert len(_token_calls()) == 1
    assert len(_api_calls()) == 3


@responses.activate
def test_other_connection_gets_its_own_token():
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user/13021", json=api("user_detail"))
    _client(_connection(pk=1)).get_user(13021)
    _client(_connection(pk=2)).get_user(13021)
    assert len(_token_calls()) == 2


@responses.activate
def test_expired_token_is_refreshed_once_on_401_and_the_call_retried(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.post(TOKEN_URL, json=api("token_refreshed"))
    responses.get(f"{BASE}/manage/v1/user/13021", status=401, json={"name": "Unauthorized", "message": "expired"})
    responses.get(f"{BASE}/manage/v1/user/13021", json=api("user_detail"))
    assert client.get_user(13021)["email"] == "jane.doe@example.com"
    assert len(_token_calls()) == 2
    assert _api_calls()[1].request.headers["Authorization"] == f"Bearer {api('token_refreshed')['access_token']}"
    assert client.calls == 4


@responses.activate
def test_second_401_after_a_refresh_raises_unauthorized(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user/13021", status=401, json={"name": "Unauthorized", "message": "no access"})
    with pytest.raises(Unauthorized, match="no access"):
        client.get_user(13021)
    assert len(_token_calls()) == 2
    assert len(_api_calls()) == 2


@responses.activate
def test_refused_client_credentials_raise_unauthorized_without_looping(client):
    responses.post(TOKEN_URL, status=401, json=api("error_invalid_client"))
    with pytest.raises(Unauthorized, match="client credentials are invalid"):
        client.get_user(13021)
    assert len(responses.calls) == 1


# --- paging -------------------------------------------------------------------------------------
@responses.activate
def test_courses_are_read_200_a_page_until_has_more_data_is_false(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/learn/v1/courses", json=api("courses_page1"))
    responses.get(f"{BASE}/learn/v1/courses", json=api("courses_page2"))
    assert [c["id_course"] for c in client.iter_courses()] == [412, 415, 420]
    assert [_query(c) for c in _api_calls()] == [
        {"page": ["1"], "page_size": ["200"]},
        {"page": ["2"], "page_size": ["200"]},
    ]
    assert client.calls == 3  # one token, two pages


@responses.activate
def test_courses_with_a_dropdown_option_are_listed_with_the_field_filter_at_200_a_page(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/learn/v1/courses", json=api("courses_field_7_31"))
    assert [c["id_course"] for c in client.iter_courses_with_option(7, "31")] == [420]
    assert [_query(c) for c in _api_calls()] == [{"field_7": ["31"], "page": ["1"], "page_size": ["200"]}]


@responses.activate
def test_courses_accept_several_field_filters_at_once(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/learn/v1/courses", json=api("courses_field_7_31"))
    list(client.iter_courses(field_filters={7: 31, "9": "north"}))
    assert _query(_api_calls()[0]) == {"field_7": ["31"], "field_9": ["north"], "page": ["1"], "page_size": ["200"]}


@responses.activate
def test_paging_stops_at_the_last_page_even_if_has_more_data_says_otherwise(client):
    responses.post(TOKEN_URL, json=api("token"))
    last = api("courses_page2")
    last["data"]["has_more_data"] = True  # total_page_count (2) still says this is the end
    responses.get(f"{BASE}/learn/v1/courses", json=api("courses_page1"))
    responses.get(f"{BASE}/learn/v1/courses", json=last)
    assert len(list(client.iter_courses())) == 3
    assert len(_api_calls()) == 2


# --- users --------------------------------------------------------------------------------------
@responses.activate
def test_find_user_by_email_searches_exactly_and_keeps_only_the_same_address(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user", json=api("users_search"))
    user = client.find_user_by_email("Jane.Doe@example.com")
    assert user["user_id"] == "13021"
    assert _query(_api_calls()[0]) == {
        "search_text": ["Jane.Doe@example.com"],
        "match_type": ["full"],
        "page": ["1"],
        "page_size": ["200"],
    }


@responses.activate
def test_find_user_by_email_returns_none_when_nobody_has_it(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user", json=api("users_empty"))
    assert client.find_user_by_email("nobody@example.com") is None


@responses.activate
def test_iter_users_by_email_looks_each_up_and_skips_unknown(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user", json=api("users_search"))
    responses.get(f"{BASE}/manage/v1/user", json=api("users_empty"))
    found = list(client.iter_users(emails=["jane.doe@example.com", "gone@example.com"]))
    assert [u["email"] for u in found] == ["jane.doe@example.com"]


@responses.activate
def test_get_user_unwraps_user_data(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/manage/v1/user/13021", json=api("user_detail"))
    assert client.get_user(13021) == api("user_detail")["data"]["user_data"]


# --- enrollments and learning plans -------------------------------------------------------------
@responses.activate
def test_completed_enrollments_since_a_date_skip_older_open_and_zero_dates(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/course/v1/courses/enrollments", json=api("course_enrollments"))
    found = list(client.iter_course_enrollments(course_ids=[412, 415], completed_since=date(2024, 1, 1)))
    assert [(e["user_id"], e["course_id"]) for e in found] == [(13021, 412)]
    assert _query(_api_calls()[0])["course_id[]"] == ["412", "415"]


@responses.activate
def test_enrollments_with_no_status_filter_return_every_row(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/course/v1/courses/enrollments", json=api("course_enrollments"))
    assert len(list(client.iter_course_enrollments(course_ids=[412, 415], status=None))) == 5


@responses.activate
def test_many_course_ids_are_split_into_requests_of_100(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/course/v1/courses/enrollments", json=api("users_empty"))
    list(client.iter_course_enrollments(course_ids=list(range(1, 251))))
    assert [len(_query(c)["course_id[]"]) for c in _api_calls()] == [100, 100, 50]


@responses.activate
def test_learning_plans_are_read_with_their_courses(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/learn/v1/lp", json=api("learning_plans"))
    plans = list(client.iter_learning_plans())
    assert plans[0]["courses"] == [{"id_course": 412}, {"id_course": 415}]
    assert _query(_api_calls()[0])["return_courses"] == ["true"]


@responses.activate
def test_learning_plan_enrollments_ask_for_status_and_completion_fields(client):
    responses.post(TOKEN_URL, json=api("token"))
    responses.get(f"{BASE}/learningplan/v1/learningplans/enrollments", json=api("learning_plan_enrollments"))
    items = list(client.iter_learning_plan_enrollments(learning_plan_ids=[12], user_ids=[13021]))
    assert items[0]["enrollment_status"] == "completed"
    query = _query(_api_calls()[0])
    assert query["learning_plan_id[]"] == ["12"] and query["user_id[]"] == ["13021"]
    assert query["extra_fields[]"] == [
        "enrollment_status",
        "enrollment_completion_date",
        "enrollment_completion_percentage",
    ]


@responses.activate
def test_token_answer_without_an_access_token_is_unauthorized(client):
    responses.post(TOKEN_URL, body="<html>login</html>", content_type="text/html")
    with pytest.raises(Unauthorized, match="without an access_token"):
        client.get_user(13021)
    assert _api_calls() == []
