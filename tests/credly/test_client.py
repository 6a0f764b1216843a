"""CredlyClient against recorded answers: auth, paging, filters, bodies and error mapping."""

import base64
import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from integrations.client import NotFound, PermanentError, RateLimited, Unauthorized
from integrations.credly.client import CredlyClient, current_badge_id, format_time
from integrations.models import Connection
from tests.credly.samples import sample

BASE = "https://sandbox-api.credly.com/v1"
ORG = "0b6b2c1e-8d0d-4c7a-9f5e-3d2a1c4b5e6f"
ORG_URL = f"{BASE}/organizations/{ORG}"
TOKEN = "tok-7f3a9c"
BADGE_ID = "c3d9a4f2-7b1e-4f0a-8e2d-5a6b7c8d9e0f"
TEMPLATE_ID = "8f1e2b7a-3c44-4d2e-9a0b-6c1d2e3f4a5b"


@pytest.fixture
def client():
    conn = Connection(
        system="credly", base_url=BASE, credentials={"auth_token": TOKEN}, settings={"organization_id": ORG}
    )
    c = CredlyClient(conn)
    c.waits = []
    c._sleep = c.waits.append  # record waits instead of sleeping
    return c


def _query(call) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(call.request.url).query).items()}


def _body(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_token_is_sent_as_basic_username_with_empty_password(client):
    responses.get(f"{ORG_URL}/badge_templates/{TEMPLATE_ID}", json=sample("api/badge_template_archived"))
    client.get_badge_template(TEMPLATE_ID)
    header = responses.calls[0].request.headers["Authorization"]
    assert header == "Basic " + base64.b64encode(f"{TOKEN}:".encode()).decode()


@responses.activate
def test_template_list_follows_next_page_url_until_it_is_null(client):
    first, second = sample("api/badge_templates_page1"), sample("api/badge_templates_page2")
    responses.get(f"{ORG_URL}/badge_templates", json=first)
    responses.get(first["metadata"]["next_page_url"], json=second)
    names = [t["name"] for t in client.list_badge_templates(state="active")]
    assert names == ["Cloud Foundations Practitioner", "Data Privacy Essentials"]
    assert _query(responses.calls[0]) == {"filter": "state::active", "per": "100"}
    assert responses.calls[1].request.url == first["metadata"]["next_page_url"]


@responses.activate
def test_badge_search_combines_filters_with_pipes_and_sorts_newest_first(client):
    responses.get(f"{ORG_URL}/badges", json=sample("api/badges_page2"))
    list(
        client.list_badges(
            template_id=TEMPLATE_ID, state=["pending", "accepted"], recipient_email="jane.doe@example.com"
        )
    )
    query = _query(responses.calls[0])
    assert query["filter"] == (
        f"recipient_email_all::jane.doe@example.com|badge_template_id::{TEMPLATE_ID}|state::pending,accepted"
    )
    assert query["sort"] == "-issued_at" and query["per"] == "100"


@responses.activate
def test_issued_since_stops_paging_at_the_first_older_badge(client):
    first = sample("api/badges_page1")
    responses.get(f"{ORG_URL}/badges", json=first)
    responses.get(first["metadata"]["next_page_url"], json=sample("api/badges_page2"))
    found = list(client.list_badges(issued_since=date(2024, 4, 1)))
    assert [b["issued_at"][:10] for b in found] == ["2024-05-01", "2024-04-10"]
    assert len(responses.calls) == 2  # read page 2, met the 2023 badge, stopped


@responses.activate
def test_issue_sends_the_five_required_fields_and_formats_times_as_documented(client):
    responses.post(f"{ORG_URL}/badges", status=201, json=sample("api/badge_issued"))
    evidence = [{"type": "UrlEvidence", "name": "Course", "value": "https://lms.example/course/412"}]
    badge = client.issue_badge(
        template_id=TEMPLATE_ID,
        recipient_email="jane.doe@example.com",
        first_name="Jane",
        last_name="Doe",
        issued_at=datetime(2024, 5, 1, 14, 30, tzinfo=UTC),
        expires_at=date(2026, 5, 1),
        evidence=evidence,
        issuer_earner_id="docebo-user-13021",
        notify=False,
    )
    assert badge["id"] == BADGE_ID and badge["state"] == "pending"
    assert _body(responses.calls[0]) == {
        "badge_template_id": TEMPLATE_ID,
        "recipient_email": "jane.doe@example.com",
        "issued_to_first_name": "Jane",
        "issued_to_last_name": "Doe",
        "issued_at": "2024-05-01 14:30:00 +0000",
        "expires_at": "2026-05-01 00:00:00 +0000",
        "evidence": evidence,
        "issuer_earner_id": "docebo-user-13021",
        "suppress_badge_notification_email": True,
    }


@responses.activate
def test_issue_without_expiry_leaves_it_to_the_template_and_false_means_never(client):
    responses.post(f"{ORG_URL}/badges", status=201, json=sample("api/badge_issued"))
    kwargs = {
        "template_id": TEMPLATE_ID,
        "recipient_email": "a@example.com",
        "first_name": "A",
        "last_name": "B",
        "issued_at": date(2024, 5, 1),
    }
    client.issue_badge(**kwargs)
    client.issue_badge(**kwargs, expires_at=False)
    assert "expires_at" not in _body(responses.calls[0])
    assert _body(responses.calls[1])["expires_at"] is False


@responses.activate
def test_duplicate_issue_is_a_permanent_error_with_credlys_message_and_is_not_retried(client):
    responses.post(f"{ORG_URL}/badges", status=422, json=sample("api/error_duplicate"))
    with pytest.raises(PermanentError, match="User already has this badge") as exc:
        client.issue_badge(
            template_id=TEMPLATE_ID,
            recipient_email="a@example.com",
            first_name="A",
            last_name="B",
            issued_at=date(2024, 5, 1),
        )
    assert exc.value.status == 422 and len(responses.calls) == 1


@responses.activate
def test_issue_is_not_blindly_retried_after_a_server_error(client):
    responses.post(f"{ORG_URL}/badges", status=503, json={"data": {"message": "down"}})
    with pytest.raises(Exception, match="down"):
        client.issue_badge(
            template_id=TEMPLATE_ID,
            recipient_email="a@example.com",
            first_name="A",
            last_name="B",
            issued_at=date(2024, 5, 1),
        )
    assert len(responses.calls) == 1  # a timed-out POST may have issued: the flow searches first


@responses.activate
def test_revoke_puts_the_reason(client):
    responses.put(f"{ORG_URL}/badges/{BADGE_ID}/revoke", json=sample("api/badge_revoked"))
    badge = client.revoke_badge(BADGE_ID, reason="Course completion was reset in the LMS")
    assert badge["state"] == "revoked"
    assert _body(responses.calls[0]) == {
        "reason": "Course completion was reset in the LMS",
        "suppress_revoke_notification_email": False,
    }


@responses.activate
def test_replace_posts_template_and_dates_and_returns_the_new_badge(client):
    responses.post(f"{ORG_URL}/badges/{BADGE_ID}/replace", status=201, json=sample("api/badge_replacement"))
    new = client.replace_badge(
        BADGE_ID,
        template_id="2a7c9e11-5b3d-4f60-8c2a-1d9e8f7a6b50",
        issued_at=datetime(2024, 6, 3, 9, 0),
        expires_at=False,
    )
    assert new["replaces_badge_id"] == BADGE_ID
    assert _body(responses.calls[0]) == {
        "badge_template_id": "2a7c9e11-5b3d-4f60-8c2a-1d9e8f7a6b50",
        "issued_at": "2024-06-03 09:00:00 +0000",
        "expires_at": False,
    }


@responses.activate
def test_second_replace_names_the_live_badge(client):
    responses.post(f"{ORG_URL}/badges/{BADGE_ID}/replace", status=422, json=sample("api/error_already_replaced"))
    with pytest.raises(PermanentError, match="already been replaced") as exc:
        client.replace_badge(BADGE_ID, template_id=TEMPLATE_ID, issued_at=date(2024, 6, 3))
    assert current_badge_id(exc.value) == "f7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2910"


@responses.activate
def test_bad_token_is_unauthorized(client):
    responses.get(f"{ORG_URL}/badges/{BADGE_ID}", status=401, json=sample("api/error_unauthorized"))
    with pytest.raises(Unauthorized):
        client.get_badge(BADGE_ID)


@responses.activate
def test_unknown_event_is_not_found_even_without_the_data_wrapper(client):
    responses.get(f"{ORG_URL}/events/nope", status=404, json=sample("api/error_not_found"))
    with pytest.raises(NotFound, match="resource not found"):
        client.get_event("nope")


@responses.activate
def test_event_detail_is_returned_unwrapped(client):
    detail = sample("event_detail/badge.state.changed")
    responses.get(f"{ORG_URL}/events/{detail['data']['id']}", json=detail)
    assert client.get_event(detail["data"]["id"])["badge"]["state"] == "accepted"


@responses.activate
def test_short_429_is_waited_out_and_retried(client):
    responses.get(f"{ORG_URL}/badges/{BADGE_ID}", status=429, headers={"Retry-After": "1"})
    responses.get(f"{ORG_URL}/badges/{BADGE_ID}", json=sample("api/badge_issued"))
    assert client.get_badge(BADGE_ID)["id"] == BADGE_ID
    assert client.waits == [1.0]


@responses.activate
def test_long_429_raises_rate_limited_carrying_the_wait(client):
    responses.get(f"{ORG_URL}/badges/{BADGE_ID}", status=429, headers={"Retry-After": "90"})
    with pytest.raises(RateLimited) as exc:
        client.get_badge(BADGE_ID)
    assert exc.value.retry_after == 90.0


@responses.activate
def test_delete_badge_accepts_204(client):
    responses.delete(f"{ORG_URL}/badges/{BADGE_ID}", status=204)
    assert client.delete_badge(BADGE_ID) is None


def test_naive_datetimes_are_sent_as_utc():
    assert format_time(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02 03:04:05 +0000"


@responses.activate
def test_ids_from_a_webhook_cannot_step_to_another_path(client):
    responses.get(f"{ORG_URL}/events/..%2Fbadges%2Fx", status=404, json=sample("api/error_not_found"))
    with pytest.raises(NotFound):
        client.get_event("../badges/x")
