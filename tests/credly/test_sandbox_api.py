"""The Credly emulator's API: token auth, envelope, paging, filters, errors, events and webhooks."""

import base64
import json

import pytest

from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import Event, IssuedBadge, Organization
from integrations.sandbox.models import SandboxDelivery

HOOK = "http://hub.example/hooks/credly-sandbox/?token=s3cret"


def basic(raw: str) -> str:
    return "Basic " + base64.b64encode(raw.encode()).decode()


def active_template(api, name="Data Privacy Essentials") -> str:
    templates = api("GET", "/badge_templates", filter=f'name::"{name}"').json()["data"]
    return templates[0]["id"]


def issue_body(template_id: str, email="new.hire@example.com", **extra) -> dict:
    return {
        "badge_template_id": template_id,
        "recipient_email": email,
        "issued_to_first_name": "New",
        "issued_to_last_name": "Hire",
        "issued_at": "2024-05-01 14:30:00 +0000",
        **extra,
    }


def test_seed_is_idempotent(seeded):
    EMULATOR.seed()
    org = Organization.objects.get()
    assert org.templates.count() == 5 and org.templates.filter(state="archived").count() == 1
    assert org.badges.count() == 3 and org.tokens.count() == 1
    assert EMULATOR.settings() == {"organization_id": str(org.id)}


def test_request_without_token_is_401(api):
    answer = api("GET", "/badge_templates", authorization="")
    assert answer.status_code == 401 and answer.json()["data"]["message"] == "Unauthorized"


def test_wrong_token_is_401(api):
    assert api("GET", "/badge_templates", authorization=basic("not-a-token:")).status_code == 401


@pytest.mark.parametrize("encoding", ["{t}", "{t}:", "{t}|"])
def test_every_token_encoding_seen_in_the_wild_is_accepted(api, seeded, encoding):
    _, token = seeded
    assert api("GET", "/badge_templates", authorization=basic(encoding.format(t=token))).status_code == 200


def test_token_of_another_organisation_is_refused(client, seeded):
    _, token = seeded
    answer = client.get(
        "/sandbox/credly/v1/organizations/11111111-2222-4333-8444-555555555555/badges",
        headers={"Authorization": basic(token + ":")},
    )
    assert answer.status_code == 403


def test_template_list_pages_with_absolute_next_urls(api):
    first = api("GET", "/badge_templates", per="2").json()
    meta = first["metadata"]
    assert (meta["count"], meta["total_count"], meta["total_pages"], meta["per"]) == (2, 5, 3, 2)
    assert meta["previous_page_url"] is None
    assert meta["next_page_url"].startswith("http://testserver/sandbox/credly/v1/organizations/")
    assert "page=2" in meta["next_page_url"] and "per=2" in meta["next_page_url"]


def test_page_size_is_clamped_to_100(api):
    assert api("GET", "/badges", per="1000").json()["metadata"]["per"] == 100


def test_state_filter_leaves_out_archived_templates(api):
    data = api("GET", "/badge_templates", filter="state::active").json()["data"]
    assert len(data) == 4 and {t["state"] for t in data} == {"active"}


def test_unknown_filter_key_is_a_400(api):
    answer = api("GET", "/badges", filter="colour::blue")
    assert answer.status_code == 400 and "colour" in answer.json()["data"]["message"]


def test_issue_answers_201_with_a_pending_badge_and_queues_its_webhooks(api, django_capture_on_commit_callbacks):
    EMULATOR.register_hub(url=HOOK)
    template_id = active_template(api)
    with django_capture_on_commit_callbacks() as callbacks:
        answer = api("POST", "/badges", issue_body(template_id, issuer_earner_id="docebo-7"))
    assert answer.status_code == 201
    badge = answer.json()["data"]
    assert badge["state"] == "pending" and badge["issuer_earner_id"] == "docebo-7"
    assert badge["badge_template"]["id"] == template_id
    types = list(Event.objects.order_by("occurred_at").values_list("event_type", flat=True))
    assert types == ["badge.created", "pending_badge_notification.no_user.sent"]
    deliveries = SandboxDelivery.objects.filter(system="credly").order_by("pk")
    assert [d.url for d in deliveries] == [HOOK, HOOK] and len(callbacks) == 2
    envelope = json.loads(deliveries[0].body)
    assert set(envelope) == {"id", "organization_id", "event_type", "occurred_at"}
    assert envelope["event_type"] == "badge.created"


def test_suppressed_notification_sends_only_badge_created(api):
    api("POST", "/badges", issue_body(active_template(api), suppress_badge_notification_email=True))
    assert list(Event.objects.values_list("event_type", flat=True)) == ["badge.created"]


def test_second_badge_of_the_same_template_for_the_same_email_is_a_422(api):
    template_id = active_template(api)
    assert api("POST", "/badges", issue_body(template_id)).status_code == 201
    again = api("POST", "/badges", issue_body(template_id, email="NEW.HIRE@example.com"))
    assert again.status_code == 422
    assert again.json()["data"]["message"] == "Validation failed: User already has this badge"


def test_archived_template_cannot_issue(api):
    archived = api("GET", "/badge_templates", filter="state::archived").json()["data"][0]["id"]
    answer = api("POST", "/badges", issue_body(archived))
    assert answer.status_code == 422 and "archived" in answer.json()["data"]["message"]


def test_missing_required_issue_field_is_a_422_naming_it(api):
    body = issue_body(active_template(api))
    del body["issued_to_last_name"]
    answer = api("POST", "/badges", body)
    assert answer.status_code == 422 and "issued_to_last_name" in answer.json()["data"]["message"]


def test_expires_false_never_expires_and_absent_takes_the_template_default(api):
    safety = active_template(api, "Workplace Safety Certified")
    default = api("POST", "/badges", issue_body(safety)).json()["data"]
    never = api("POST", "/badges", issue_body(safety, email="b@example.com", expires_at=False)).json()["data"]
    assert default["expires_at_date"] == "2025-05-01" and never["expires_at"] is None


def test_revoke_records_the_reason_and_a_state_change_event(api):
    badge_id = api("POST", "/badges", issue_body(active_template(api))).json()["data"]["id"]
    answer = api("PUT", f"/badges/{badge_id}/revoke", {"reason": "Completion reset"})
    assert answer.status_code == 200
    assert (answer.json()["data"]["state"], answer.json()["data"]["revocation_reason"]) == (
        "revoked",
        "Completion reset",
    )
    event = Event.objects.filter(event_type="badge.state.changed").get()
    assert event.resource["badge"]["state"] == "revoked"
    assert api("PUT", f"/badges/{badge_id}/revoke", {"reason": "again"}).status_code == 422


def test_replace_links_both_ways_and_a_second_replace_names_the_live_badge(api):
    old = api("POST", "/badges", issue_body(active_template(api))).json()["data"]["id"]
    other = active_template(api, "Customer Care Specialist")
    new = api("POST", f"/badges/{old}/replace", {"badge_template_id": other, "issued_at": "2024-06-01"})
    assert new.status_code == 201 and new.json()["data"]["replaces_badge_id"] == old
    assert api("GET", f"/badges/{old}").json()["data"]["replacement_badge_id"] == new.json()["data"]["id"]
    again = api("POST", f"/badges/{old}/replace", {"badge_template_id": other, "issued_at": "2024-06-02"})
    assert again.status_code == 422
    assert again.json()["metadata"]["current_badge_id"] == new.json()["data"]["id"]


def test_event_detail_holds_the_badge_as_of_the_event(api):
    badge_id = api("POST", "/badges", issue_body(active_template(api))).json()["data"]["id"]
    event = Event.objects.get(event_type="badge.created")
    detail = api("GET", f"/events/{event.id}/").json()["data"]
    assert (detail["event_type"], detail["badge"]["id"], detail["badge"]["state"]) == (
        "badge.created",
        badge_id,
        "pending",
    )
    assert api("GET", "/events/5f0c9e2e-6f3b-4c38-9a51-2e7a0d8f4b11").status_code == 404


def test_delete_badge_answers_204_and_announces_it(api):
    badge_id = api("POST", "/badges", issue_body(active_template(api))).json()["data"]["id"]
    assert api("DELETE", f"/badges/{badge_id}").status_code == 204
    assert not IssuedBadge.objects.filter(pk=badge_id).exists()
    assert Event.objects.filter(event_type="badge.deleted").exists()
    assert api("GET", f"/badges/{badge_id}").status_code == 404


def test_template_with_badges_cannot_be_deleted_but_can_be_archived(api):
    template_id = active_template(api, "Cloud Foundations Practitioner")
    assert api("DELETE", f"/badge_templates/{template_id}").status_code == 422
    archived = api("PUT", f"/badge_templates/{template_id}/archive")
    assert archived.json()["data"]["state"] == "archived"
    assert Event.objects.get().event_type == "badge_template.changed"


def test_register_hub_sets_the_organisation_webhook_url(api):
    EMULATOR.register_hub(url=HOOK, username="", secret="s3cret", slug="credly-sandbox")
    assert api("GET", "").json()["data"]["webhook_url"] == HOOK
