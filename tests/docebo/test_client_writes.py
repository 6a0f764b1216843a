"""DoceboClient writes: course dropdown options, external training, certification awards, error mapping."""

import json
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from integrations.client import NotFound, PermanentError, RateLimited, TransientError
from integrations.docebo.client import DoceboClient
from integrations.models import Connection
from tests.docebo.helpers import api

BASE = "https://acme.docebosaas.com"
FIELDS_URL = f"{BASE}/learn/v1/courses/field"


@pytest.fixture
def client():
    responses.post(f"{BASE}/oauth2/token", json=api("token"))
    conn = Connection(
        pk=1, system="docebo", base_url=BASE, credentials={"client_id": "crosswalk", "client_secret": "s3cr3t"}
    )
    c = DoceboClient(conn)
    c.waits = []
    c._sleep = c.waits.append
    return c


def _api_calls() -> list:
    return [c for c in responses.calls if "/oauth2/token" not in c.request.url]


def _body(call) -> dict:
    return json.loads(call.request.body)


# --- course additional fields ---------------------------------------------------------------------
@responses.activate
def test_course_fields_are_listed_without_paging_for_courses(client):
    responses.get(FIELDS_URL, json=api("course_fields"))
    fields = client.list_course_fields()
    assert [f["id"] for f in fields] == [7, 9]
    query = parse_qs(urlparse(_api_calls()[0].request.url).query)
    assert query == {"no_pagination": ["1"], "association": ["course"], "show_field": ["1"]}


@responses.activate
def test_create_dropdown_field_posts_its_options_and_returns_the_definition(client):
    responses.post(FIELDS_URL, json={"data": {"id": 7}})
    responses.get(FIELDS_URL, json=api("course_fields"))
    field = client.create_course_dropdown_field(name="Credly badge", options=["Cloud Foundations Practitioner"])
    assert field["options"][0] == {"id": 31, "label": "Cloud Foundations Practitioner"}
    assert _body(_api_calls()[0]) == {
        "type": "dropdown",
        "association": "course",
        "name": {"english": "Credly badge"},
        "options": [{"label": "Cloud Foundations Practitioner"}],
    }


@responses.activate
def test_adding_an_option_sends_the_full_list_and_returns_the_new_element_id(client):
    responses.get(FIELDS_URL, json=api("course_fields"))
    responses.put(f"{FIELDS_URL}/7", json=api("success"))
    responses.get(FIELDS_URL, json=api("course_fields_option_added"))
    assert client.add_course_field_option(7, "Data Privacy Champion") == "33"
    put = _body(_api_calls()[1])
    assert put == {
        "options": [
            {"id": 31, "label": "Cloud Foundations Practitioner"},
            {"id": 32, "label": "Secure Networking Specialist"},
            {"label": "Data Privacy Champion"},
        ]
    }


@responses.activate
def test_removing_an_option_sends_the_list_without_it(client):
    responses.get(FIELDS_URL, json=api("course_fields"))
    responses.put(f"{FIELDS_URL}/7", json=api("success"))
    client.remove_course_field_option(7, "32")
    assert _body(_api_calls()[1]) == {"options": [{"id": 31, "label": "Cloud Foundations Practitioner"}]}


@responses.activate
def test_option_change_on_a_missing_field_raises_not_found(client):
    responses.get(FIELDS_URL, json=api("course_fields"))
    with pytest.raises(NotFound):
        client.add_course_field_option(99, "Anything")


def test_course_field_value_reads_the_selected_option_from_each_shape():
    detail = api("course_detail")["data"]
    assert DoceboClient.course_field_value(detail, 7) == "31"
    assert DoceboClient.course_field_value(detail, 9) == "CC-12"
    assert DoceboClient.course_field_value(detail, 8) is None
    assert DoceboClient.course_field_value({"additional_fields": {"7": 32}}, 7) == "32"
    assert DoceboClient.course_field_value({"field_7": 0}, 7) is None
    assert DoceboClient.course_field_value({"additional_fields": [{"id": 7, "value": {"id": 33}}]}, "7") == "33"


@responses.activate
def test_setting_a_course_value_puts_the_option_id(client):
    responses.put(f"{BASE}/learn/v1/courses/412", json=api("success"))
    client.set_course_field_value(412, 7, 31)
    assert _body(_api_calls()[0]) == {"additional_fields": {"7": 31}}


# --- external training --------------------------------------------------------------------------
@responses.activate
def test_external_training_is_created_with_docebo_field_names(client):
    responses.post(f"{BASE}/learn/v1/external_training", json=api("created_id"))
    training = client.create_external_training(
        user_id="13021",
        course_name="AWS Certified Cloud Practitioner",
        institute="Amazon Web Services",
        date=date(2024, 2, 19),
        expiration_date=date(2027, 2, 19),
        certificate_url="https://www.credly.com/badges/0a1b",
        additional_fields={"3": "0a1b"},
    )
    assert training["id"] == 5521
    assert _body(_api_calls()[0]) == {
        "user_id": 13021,
        "course_name": "AWS Certified Cloud Practitioner",
        "training_institute": "Amazon Web Services",
        "to_date": "2024-02-19",
        "expiration_date": "2027-02-19",
        "certificate": "https://www.credly.com/badges/0a1b",
        "course_type": "Credly badge",
        "additional_fields": {"3": "0a1b"},
    }


@responses.activate
def test_external_training_update_sends_only_the_given_fields(client):
    responses.put(f"{BASE}/learn/v1/external_training/5521", json=api("success"))
    updated = client.update_external_training(5521, expiration_date="2028-01-01", course_name="Renamed")
    assert _body(_api_calls()[0]) == {"expiration_date": "2028-01-01", "course_name": "Renamed"}
    assert updated["id"] == 5521


@responses.activate
def test_external_training_delete_calls_delete(client):
    responses.delete(f"{BASE}/learn/v1/external_training/5521", json=api("success"))
    client.delete_external_training(5521)
    assert _api_calls()[0].request.method == "DELETE"


@responses.activate
def test_external_training_of_one_user_is_filtered_even_if_the_server_ignores_the_filter(client):
    responses.get(f"{BASE}/learn/v1/external_training", json=api("external_training"))
    items = list(client.iter_external_training(user_id=13044))
    assert [i["id"] for i in items] == [5522]
    assert parse_qs(urlparse(_api_calls()[0].request.url).query)["user_id[]"] == ["13044"]


# --- certifications -----------------------------------------------------------------------------
@responses.activate
def test_certification_is_found_by_its_code(client):
    responses.get(f"{BASE}/learn/v1/certification", json=api("certifications"))
    assert client.find_certification_by_code("CERT-SEC")["id_cert"] == 4
    assert client.find_certification_by_code("CERT-NONE") is None


@responses.activate
def test_award_update_and_revoke_use_the_certification_user_paths(client):
    url = f"{BASE}/certification/v1/certifications/3/users"
    responses.post(url, json=api("award_created"))
    responses.put(f"{url}/13021", json=api("success"))
    responses.delete(f"{url}/13021", json=api("success"))
    award = client.award_certification(
        certification_id=3, user_id=13021, issued_on=date(2024, 5, 1), expires_on=date(2026, 5, 1)
    )
    client.update_certification_award(certification_id=3, user_id=13021, issued_on="2024-06-01")
    client.revoke_certification(certification_id=3, user_id=13021)
    assert award["award_id"] == 9001
    calls = _api_calls()
    assert _body(calls[0]) == {"user_id": 13021, "issued_on": "2024-05-01", "expire_on": "2026-05-01"}
    assert _body(calls[1]) == {"issued_on": "2024-06-01", "expire_on": None}
    assert [c.request.method for c in calls] == ["POST", "PUT", "DELETE"]


# --- errors -------------------------------------------------------------------------------------
@responses.activate
def test_not_found_carries_docebos_message(client):
    responses.get(f"{BASE}/manage/v1/user/1", status=404, json=api("error_not_found"))
    with pytest.raises(NotFound, match="User not found") as caught:
        client.get_user(1)
    assert caught.value.status == 404


@responses.activate
def test_validation_error_is_permanent(client):
    responses.post(
        f"{BASE}/learn/v1/external_training",
        status=400,
        json={"name": "Bad Request", "message": "course_name and to_date are required", "code": 0, "status": 400},
    )
    with pytest.raises(PermanentError, match="course_name"):
        client.create_external_training(user_id=1, course_name="", institute="", date=None)


@responses.activate
def test_rate_limit_is_waited_out_per_retry_after_then_retried(client):
    responses.get(
        f"{BASE}/learn/v1/certification", status=429, json=api("error_rate_limited"), headers={"Retry-After": "2"}
    )
    responses.get(f"{BASE}/learn/v1/certification", json=api("certifications"))
    assert len(list(client.iter_certifications())) == 2
    assert client.waits == [2.0]


@responses.activate
def test_long_retry_after_raises_rate_limited_for_the_caller_to_reschedule(client):
    responses.get(
        f"{BASE}/learn/v1/certification", status=429, json=api("error_rate_limited"), headers={"Retry-After": "600"}
    )
    with pytest.raises(RateLimited) as caught:
        list(client.iter_certifications())
    assert caught.value.retry_after == 600


@responses.activate
def test_overloaded_platform_gives_a_transient_error_after_retries(client):
    responses.get(f"{BASE}/learn/v1/lp", status=503, json={"name": "Service Unavailable", "message": "overloaded"})
    with pytest.raises(TransientError, match="overloaded"):
        list(client.iter_learning_plans())
    assert len(_api_calls()) == 1 + client.max_retries


@responses.activate
def test_replacing_the_options_puts_the_given_list(client):
    responses.put(f"{FIELDS_URL}/7", json=api("success"))
    client.set_course_field_options(7, [{"id": 31, "label": "Renamed"}, {"label": "New"}])
    assert _body(_api_calls()[0]) == {"options": [{"id": 31, "label": "Renamed"}, {"label": "New"}]}
