"""The Credly emulator's endpoints that Credly documents and the hub's connection check reads:
the organisations a token reaches, the organisation's tokens, the high-volume badge search; and
the variant without the (undocumented) single-badge GET."""

import base64

import pytest

from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import AuthorizationToken, Organization
from tests.credly.test_sandbox_api import active_template, issue_body

ROOT = "/sandbox/credly/v1/organizations"
PAGING = {"count", "current_page", "total_count", "total_pages", "per", "previous_page_url", "next_page_url"}


def basic(token: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode()}


def test_organisations_list_holds_the_tokens_organisation_with_paging(client, seeded):
    org_id, token = seeded
    answer = client.get(ROOT, headers=basic(token))
    assert answer.status_code == 200
    [org] = answer.json()["data"]
    assert org["id"] == org_id and {"name", "webhook_url", "vanity_url", "photo_url"} <= set(org)
    assert set(answer.json()["metadata"]) == PAGING


def test_organisations_list_needs_a_token(client, seeded):
    answer = client.get(ROOT + "/")
    assert answer.status_code == 401 and answer.json() == {"data": {"message": "Unauthorized"}, "metadata": {}}


def test_organisations_list_answers_an_oauth_bearer_too(client, seeded):
    app = EMULATOR.oauth_credentials()
    grant = client.post("/sandbox/credly/oauth/token", {"grant_type": "client_credentials", **app}).json()
    answer = client.get(ROOT, headers={"Authorization": f"Bearer {grant['access_token']}"})
    assert [o["id"] for o in answer.json()["data"]] == [seeded[0]]


def test_authorization_tokens_list_their_permissions_and_expiry(api, seeded):
    [token] = api("GET", "/authorization_tokens").json()["data"]
    assert token["token"] == seeded[1] and token["owner_id"] == seeded[0]
    assert (token["read_enabled"], token["write_enabled"], token["delete_enabled"]) == (True, True, True)
    assert token["expires_at"].endswith("Z") and token["owner"]["type"] == "Organization"


def test_a_read_only_token_sees_only_the_read_only_tokens(client, seeded):
    org = Organization.objects.get()
    AuthorizationToken.objects.create(organization=org, token="ro-1", write_enabled=False, delete_enabled=False)
    answer = client.get(f"{ROOT}/{org.id}/authorization_tokens", headers=basic("ro-1"))
    assert [t["token"] for t in answer.json()["data"]] == ["ro-1"]


def test_high_volume_search_gives_minimal_badges_and_only_a_next_page_url(api):
    answer = api("GET", "/high_volume_issued_badge_search", per="2").json()
    assert set(answer["metadata"]) == {"next_page_url"}
    first = answer["data"][0]
    assert set(first["badge_template"]) == {"id", "name"} and set(first["user"]) == {"id"}
    assert "evidence" not in first and "issuer" not in first
    rest = api("GET", "/high_volume_issued_badge_search", per="2", page="2").json()
    assert rest["metadata"]["next_page_url"] is None
    assert len(answer["data"]) + len(rest["data"]) == 3


def test_high_volume_search_takes_the_badge_filters_and_the_default_format(api):
    answer = api("GET", "/high_volume_issued_badge_search", filter="state::pending", badge_format="default").json()
    assert [b["state"] for b in answer["data"]] == ["pending"] and "issuer" in answer["data"][0]
    assert api("GET", "/high_volume_issued_badge_search", badge_format="huge").status_code == 400


def test_without_the_single_badge_endpoint_its_get_is_credlys_json_404(api, sandbox_variant):
    badge_id = api("POST", "/badges", issue_body(active_template(api))).json()["data"]["id"]
    assert api("GET", f"/badges/{badge_id}").status_code == 200
    sandbox_variant("credly", "no_single_badge_endpoint")
    answer = api("GET", f"/badges/{badge_id}")
    assert answer.status_code == 404
    assert answer.json() == {"data": {"message": "resource not found"}, "metadata": {}}
    listed = api("GET", "/badges", filter="recipient_email_all::new.hire@example.com").json()["data"]
    assert [b["id"] for b in listed] == [badge_id]  # the documented list still answers
    assert api("PUT", f"/badges/{badge_id}/revoke", {"reason": "test"}).status_code == 200
    assert api("DELETE", f"/badges/{badge_id}").status_code == 204


@pytest.mark.parametrize("variant", [False, True])
def test_the_hubs_client_finds_a_badge_with_or_without_the_single_badge_get(hub_client, sandbox_variant, variant):
    if variant:
        sandbox_variant("credly", "no_single_badge_endpoint")
    badge = next(hub_client.list_badges(state="pending"))
    found = hub_client.find_badge(badge["id"], recipient_email=badge["recipient_email"])
    assert found["id"] == badge["id"] and found["state"] == "pending"
    assert hub_client.find_badge("00000000-0000-4000-8000-000000000000", recipient_email="x@example.com") is None
