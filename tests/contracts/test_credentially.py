"""The Credentially client against Credentially's published OpenAPI documents (tests/contracts/credentially/).

(a) Every request the client sends to Credentially's hosts, captured with `responses`, validates
against the gateway or webhook-gateway spec (paths, parameters, headers, bodies, bearer auth).
The answers it is given are the samples in integrations/credentially/fixtures/api/, so each
sample is checked against the spec too. The emulator's side is in test_credentially_emulator.py.
"""

from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from integrations.credentially import events
from integrations.credentially.subscriptions import subscription_replace
from tests.contracts.credentially_openapi import check_request, check_response
from tests.credentially.helpers import BASE, HOOKS, PROFILE_ID, make_client
from tests.credentially.samples import sample

SUBSCRIPTION_ID = "4d3c2b1a-0f9e-4d8c-b7a6-958473625140"


@pytest.fixture
def credentially():
    """Credentially's hosts answered with the fixtures; every call is checked after the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        api = f"{BASE}/api"
        mock.get(f"{api}/profile/metadata", json=sample("api/profile_metadata"))
        mock.get(f"{api}/profile/groups", json=sample("api/groups"))
        mock.get(f"{api}/profile/find", json=sample("api/profile_detail"))
        mock.get(f"{api}/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
        for page in (0, 1):
            mock.get(
                f"{api}/profile",
                json=sample(f"api/profiles_page{page}"),
                match=[matchers.query_param_matcher({"page": str(page)}, strict_match=False)],
            )
        mock.put(f"{api}/profile", json=sample("api/create_profile"), status=201)
        mock.patch(f"{api}/profile", json=sample("api/create_profile"))
        mock.get(f"{api}/compliance-packages", json=[])
        mock.get(f"{api}/compliance-packages/{PROFILE_ID}", json=sample("api/profile_compliance_packages"))
        mock.get(f"{api}/documents/document-types", json=[])
        mock.get(f"{api}/documents/{PROFILE_ID}", json=sample("api/documents"))
        mock.put(f"{api}/documents/{PROFILE_ID}", status=200)
        mock.get(f"{api}/documents/download", body=b"%PDF-1.4", content_type="application/pdf")
        mock.get(f"{api}/dbs/{PROFILE_ID}", json=sample("api/dbs_checks"))
        mock.get(f"{api}/profile/{PROFILE_ID}/right-to-work", json=sample("api/right_to_work"))
        mock.get(f"{api}/profile/{PROFILE_ID}/references", json=sample("api/references"))
        mock.get(f"{api}/locations", json=[])
        mock.get(f"{api}/placement-roles", json=[])
        mock.post(f"{api}/placements", json=sample("api/placement"), status=201)
        mock.get(f"{HOOKS}/meta/events", json=sample("api/meta_events"))
        mock.get(f"{HOOKS}/subscriptions", json=[sample("api/subscription")])
        mock.post(f"{HOOKS}/subscriptions", json=sample("api/subscription"), status=201)
        mock.delete(f"{HOOKS}/subscriptions/{SUBSCRIPTION_ID}", status=204)
        yield mock
        assert mock.calls, "no request was sent"
        for call in mock.calls:
            check_request(call.request)
            check_response(call.request, call.response)


def test_staff_requests_match_the_published_spec(credentially):
    client = make_client()
    client.create_staff(
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.org",
        phone="+447700900123",
        role_id=31,
        organisation_id="grp-7f2a91",
        external_id="20411",
        fields={"atsPlacementId": "88431"},
    )
    client.update_staff(PROFILE_ID, {"atsPlacementId": "88431", "registrationNumber": "91A2345B"})
    client.find_staff_by_email("amara.okafor@example.org")
    list(client.iter_profiles())
    client.create_placement(
        employee_id=PROFILE_ID,
        role_id="5b3f6a3e-0c1d-4a8e-9a9b-6f1d2c3b4a5e",
        location_id="0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
        start_date="2026-04-06",
        end_date="2026-10-04",
        compliance_package_ids=["3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d"],
    )


def test_read_back_requests_match_the_published_spec(credentially):
    client = make_client()
    client.get_profile(PROFILE_ID)
    client.get_requirements(PROFILE_ID)
    client.get_checks(PROFILE_ID)
    client.get_references(PROFILE_ID)
    client.get_onboarding(PROFILE_ID)
    client.list_documents(PROFILE_ID)
    client.download_document(PROFILE_ID, "doc-5f1c")
    client.upload_document(
        PROFILE_ID,
        uploader_id=PROFILE_ID,
        document_type_key="PASSPORT",
        filename="passport.pdf",
        content=b"%PDF-1.4",
        content_type="application/pdf",
    )


def test_set_up_requests_match_the_published_spec(credentially):
    client = make_client()
    client.list_profile_fields()
    client.list_organisations()
    client.list_compliance_packages()
    client.list_document_types()
    client.list_locations()
    client.list_placement_roles()


def test_webhook_subscription_requests_match_the_published_spec(credentially):
    client = make_client()
    subscription_replace(
        client=client,
        callback_url="https://hub.example.org/hooks/credentially",
        webhook_name="crosswalk-credentially",
        password="c0rrect-h0rse-battery",
    )
    assert {e["type"] for e in client.list_event_types()} >= {events.COMPLIANCE_STATUS_CHANGED}


COMPLIANCE_FIXTURES = {  # tests/compliance/fixtures/<name>.json -> the call it answers
    "credentially_profile": ("GET", f"/api/profile/{PROFILE_ID}", 200),
    "credentially_create_staff": ("PUT", "/api/profile", 201),
    "credentially_metadata": ("GET", "/api/profile/metadata", 200),
    "credentially_packages": ("GET", f"/api/compliance-packages/{PROFILE_ID}", 200),
    "credentially_documents": ("GET", f"/api/documents/{PROFILE_ID}", 200),
    "credentially_dbs": ("GET", f"/api/dbs/{PROFILE_ID}", 200),
    "credentially_right_to_work": ("GET", f"/api/profile/{PROFILE_ID}/right-to-work", 200),
    "credentially_references": ("GET", f"/api/profile/{PROFILE_ID}/references", 200),
}


@pytest.mark.parametrize("name", sorted(COMPLIANCE_FIXTURES))
def test_the_compliance_tests_answers_match_the_published_spec(name):
    method, path, status = COMPLIANCE_FIXTURES[name]
    body = (Path(__file__).parents[1] / "compliance" / "fixtures" / f"{name}.json").read_bytes()
    request = requests.Request(method, BASE + path, headers={"Authorization": "Bearer k"}).prepare()
    response = requests.Response()
    response.status_code, response._content = status, body
    response.headers["Content-Type"] = "application/json"
    check_response(request, response)
