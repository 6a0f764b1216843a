"""CredlyClient's documented reads: the organisations a token reaches, its tokens, the badge
list as the way to read one badge, and the high-volume search."""

import pytest
import responses

from integrations.credly.client import CredlyClient
from integrations.models import Connection
from tests.credly.samples import sample
from tests.credly.test_client import BADGE_ID, BASE, ORG, ORG_URL, TOKEN, _query


@pytest.fixture
def client():
    conn = Connection(
        system="credly", base_url=BASE, credentials={"auth_token": TOKEN}, settings={"organization_id": ORG}
    )
    return CredlyClient(conn)


@responses.activate
def test_organisations_the_token_reaches_are_listed(client):
    responses.get(f"{BASE}/organizations", json=sample("api/organizations"))
    [org] = client.list_organizations()
    assert org["id"] == ORG and org["webhook_url"].startswith("https://hub.example.com/")
    assert responses.calls[0].request.url.startswith(f"{BASE}/organizations?")


@responses.activate
def test_authorization_tokens_carry_their_expiry(client):
    responses.get(f"{ORG_URL}/authorization_tokens", json=sample("api/authorization_tokens"))
    [token] = client.list_authorization_tokens()
    assert (token["token"], token["expires_at"]) == ("tok-7f3a9c", "2024-07-03T10:00:00.000Z")


@responses.activate
def test_one_badge_is_found_in_the_list_filtered_by_its_earner_in_every_state(client):
    responses.get(f"{ORG_URL}/badges", json=sample("api/badges_page1"))
    badge = client.find_badge(BADGE_ID, recipient_email="jane.doe@example.com")
    assert badge["id"] == BADGE_ID
    assert _query(responses.calls[0]) == {
        "filter": "recipient_email_all::jane.doe@example.com|state::pending,accepted,rejected,revoked",
        "per": "100",
    }


@responses.activate
def test_a_badge_the_list_does_not_hold_is_none_not_an_error(client):
    first, second = sample("api/badges_page1"), sample("api/badges_page2")
    responses.get(f"{ORG_URL}/badges", json=first)
    responses.get(first["metadata"]["next_page_url"], json=second)
    assert client.find_badge("00000000-0000-4000-8000-000000000000", recipient_email="jane.doe@example.com") is None
    assert len(responses.calls) == 2  # every page of that earner was read


@responses.activate
def test_finding_a_badge_stops_at_the_page_that_holds_it(client):
    first = sample("api/badges_page1")
    responses.get(f"{ORG_URL}/badges", json=first)
    client.find_badge(first["data"][0]["id"], recipient_email="jane.doe@example.com")
    assert len(responses.calls) == 1


@responses.activate
def test_high_volume_search_follows_next_page_url_only(client):
    first, second = sample("api/high_volume_badges_page1"), sample("api/high_volume_badges_page2")
    responses.get(f"{ORG_URL}/high_volume_issued_badge_search", json=first)
    responses.get(first["metadata"]["next_page_url"], json=second)
    badges = list(client.high_volume_badges(state=("pending", "accepted")))
    assert [b["recipient_email"] for b in badges] == ["jane.doe@example.com", "sam.lee@example.com"]
    assert _query(responses.calls[0]) == {"badge_format": "minimal", "filter": "state::pending,accepted"}
    assert responses.calls[1].request.url == first["metadata"]["next_page_url"]


def test_no_flow_module_calls_the_undocumented_single_badge_read():
    from pathlib import Path

    import sync

    flows = Path(sync.__file__).parent / "flows"
    callers = [p.name for p in flows.rglob("*.py") if ".get_badge(" in p.read_text()]
    assert callers == [], f"flows must read a badge through find_badge: {callers}"
