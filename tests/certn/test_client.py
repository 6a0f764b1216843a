"""The Certn client against Certn's HTTP shapes (mocked with `responses`, payloads from fixtures)."""

import json

import pytest
import responses
from responses import matchers

from integrations.client import PermanentError, TransientError, Unauthorized
from tests.certn.helpers import BASE, CASE_ID, client, fixture

PACKAGE = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"
GROUP = "2a1ac795-d744-4604-942b-620b91ce44b9"


@responses.activate
def test_order_package_posts_candidate_initiated_order_with_api_key_and_group():
    responses.post(
        f"{BASE}/api/public/cases/order-package/",
        json=fixture("case_ordered"),
        status=201,
        match=[matchers.header_matcher({"Authorization": "Api-Key ck_test_key"})],
    )
    case = client().order_package(package_id=PACKAGE, email="amara.okafor@example.org", group_id=GROUP)
    sent = json.loads(responses.calls[0].request.body)
    assert sent == {
        "package": PACKAGE,
        "email_address": "amara.okafor@example.org",
        "send_invite_email": True,
        "group": GROUP,
    }
    assert case["id"] == CASE_ID


def test_invite_order_never_carries_applicant_data():
    """Certn takes `input_claims` only in a Quickscreen order (contract §2.1)."""
    claims = {"name": {"given_name": "Amara", "family_name": "Okafor"}}
    with pytest.raises(ValueError, match="Quickscreen"):
        client().order_package(package_id=PACKAGE, email="a@example.org", input_claims=claims)
    with pytest.raises(ValueError, match="Quickscreen"):
        client().order_package(
            package_id=PACKAGE,
            email="a@example.org",
            send_invite_email=False,
            return_invite_link=True,
            input_claims=claims,
        )


@responses.activate
def test_quickscreen_order_sends_input_claims():
    responses.post(f"{BASE}/api/public/cases/order-package/", json=fixture("case_ordered"), status=201)
    claims = {"name": {"given_name": "Amara", "family_name": "Okafor"}, "date_of_birth": "1990-01-15"}
    client().order_package(package_id=PACKAGE, email="a@example.org", send_invite_email=False, input_claims=claims)
    sent = json.loads(responses.calls[0].request.body)
    assert (sent["send_invite_email"], sent["input_claims"]) == (False, claims)


@responses.activate
def test_order_without_group_or_name_sends_only_package_email_and_invite():
    responses.post(f"{BASE}/api/public/cases/order-package/", json=fixture("case_ordered"), status=201)
    client().order_package(package_id=PACKAGE, email="a@example.org")
    assert json.loads(responses.calls[0].request.body) == {
        "package": PACKAGE,
        "email_address": "a@example.org",
        "send_invite_email": True,
    }


@responses.activate
def test_validation_error_carries_certn_field_messages():
    responses.post(f"{BASE}/api/public/cases/order-package/", json=fixture("validation_error"), status=400)
    with pytest.raises(PermanentError) as caught:
        client().order_package(package_id=PACKAGE, email="")
    assert caught.value.status == 400
    assert "package: Package is not enabled for ATS ordering." in str(caught.value)
    assert "email_address: This field is required." in str(caught.value)


@responses.activate
def test_top_level_detail_error_is_read_too():
    responses.get(f"{BASE}/api/public/cases/{CASE_ID}/", json={"detail": "Invalid API key."}, status=401)
    with pytest.raises(Unauthorized, match="Invalid API key"):
        client().get_case(CASE_ID)


@responses.activate
def test_two_server_errors_then_success_is_one_order():
    url = f"{BASE}/api/public/cases/order-package/"
    responses.post(url, json={"type": "server_error", "errors": []}, status=500)
    responses.post(url, json={"type": "server_error", "errors": []}, status=500)
    responses.post(url, json=fixture("case_ordered"), status=201)
    assert client().order_package(package_id=PACKAGE, email="a@example.org")["id"] == CASE_ID
    assert len(responses.calls) == 3


@responses.activate
def test_persistent_server_error_is_transient_for_the_caller_to_retry_later():
    responses.get(f"{BASE}/api/public/cases/{CASE_ID}/", json={"type": "server_error"}, status=503)
    with pytest.raises(TransientError):
        client().get_case(CASE_ID)
    assert len(responses.calls) == 3  # first try and two retries


@responses.activate
def test_bad_request_is_not_retried():
    responses.post(f"{BASE}/api/public/cases/order-package/", json=fixture("validation_error"), status=400)
    with pytest.raises(PermanentError):
        client().order_package(package_id=PACKAGE, email="a@example.org")
    assert len(responses.calls) == 1


@responses.activate
def test_iter_cases_follows_next_page_and_sends_filters():
    url = f"{BASE}/api/public/cases/"
    responses.get(
        url,
        json=fixture("cases_page1"),
        match=[
            matchers.query_param_matcher(
                {
                    "page": "1",
                    "page_size": "50",
                    "overall_status": ["IN_PROGRESS", "APPLICANT_INVITED"],
                    "order_timeframe_after": "2026-03-01",
                }
            )
        ],
    )
    responses.get(
        url,
        json=fixture("cases_page2"),
        match=[
            matchers.query_param_matcher(
                {
                    "page": "2",
                    "page_size": "50",
                    "overall_status": ["IN_PROGRESS", "APPLICANT_INVITED"],
                    "order_timeframe_after": "2026-03-01",
                }
            )
        ],
    )
    cases = list(client().iter_cases(ordered_after="2026-03-01", statuses=("IN_PROGRESS", "APPLICANT_INVITED")))
    assert [c["short_id"] for c in cases] == ["CC_CA_7HQ2M4X9KD", "CC_CA_2JK8P3L5QW", "CC_CA_9XC4V7B2NM"]


@responses.activate
def test_next_page_given_as_url_is_followed():
    page1 = fixture("cases_page1")
    page1["pagination"]["next_page"] = f"{BASE}/api/public/cases/?page=2&page_size=50"
    responses.get(
        f"{BASE}/api/public/cases/", json=page1, match=[matchers.query_param_matcher({"page": "1"}, strict_match=False)]
    )
    responses.get(
        f"{BASE}/api/public/cases/",
        json=fixture("cases_page2"),
        match=[matchers.query_param_matcher({"page": "2"}, strict_match=False)],
    )
    assert len(list(client().iter_cases())) == 3


@responses.activate
def test_generate_report_then_read_the_file_for_its_pdf_url():
    responses.post(
        f"{BASE}/api/public/cases/{CASE_ID}/generate-report/",
        json={"case_report_file_id": "b3f1e0c2-7d4a-4e8b-a1c9-2f6d5e8a9b70"},
        status=201,
        match=[matchers.json_params_matcher({"language": "en-CA"})],
    )
    responses.get(
        f"{BASE}/api/public/cases/report-files/b3f1e0c2-7d4a-4e8b-a1c9-2f6d5e8a9b70/",
        json=fixture("report_file_complete"),
    )
    api = client()
    file_id = api.generate_report(CASE_ID)
    assert api.get_report_file(file_id)["pdf_url"].startswith("https://reports.ca.certn.co/b3f1e0c2.pdf")


@responses.activate
def test_cancel_posts_an_empty_body_to_the_slashed_path():
    responses.post(f"{BASE}/api/public/cases/{CASE_ID}/cancel/", json={}, match=[matchers.json_params_matcher({})])
    client().cancel_case(CASE_ID)
    assert len(responses.calls) == 1


@responses.activate
def test_list_groups_reads_every_group():
    responses.get(f"{BASE}/api/public/groups/", json=fixture("groups"))
    assert [g["name"] for g in client().list_groups()] == ["Hiring - Nursing", "ICU"]


def test_portal_link_is_the_regions_certn_portal_unless_overridden():
    assert client(region="UK").portal_url(CASE_ID) == f"https://client.certn.co/uk/cases/{CASE_ID}/"
    custom = client(settings={"portal_base_url": "https://portal.example/certn/"})
    assert custom.portal_url(CASE_ID) == f"https://portal.example/certn/cases/{CASE_ID}/"
