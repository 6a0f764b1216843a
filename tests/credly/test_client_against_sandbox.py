"""The real CredlyClient against the emulator: both sides of the contract agree."""

from datetime import date

import pytest

from integrations.client import NotFound, PermanentError
from integrations.credly.client import current_badge_id
from integrations.credly.payloads import CredlyEvent, IssuedBadgeData
from integrations.credly.sandbox.models import Event
from integrations.credly.sandbox.seed import TEMPLATES


def _template_id(credly, name: str) -> str:
    return next(t["id"] for t in credly.list_badge_templates() if t["name"] == name)


def test_active_templates_are_read_across_pages(hub_client, monkeypatch):
    monkeypatch.setattr("integrations.credly.client.PAGE_SIZE", 1)
    names = sorted(t["name"] for t in hub_client.list_badge_templates(state="active"))
    assert names == sorted(t["name"] for t in TEMPLATES if t["state"] == "active")
    assert hub_client.calls == 4  # one template per page, following next_page_url


def test_issue_then_find_by_email_and_template_then_revoke(hub_client):
    template_id = _template_id(hub_client, "Data Privacy Essentials")
    issued = hub_client.issue_badge(
        template_id=template_id,
        recipient_email="ana@example.com",
        first_name="Ana",
        last_name="Silva",
        issued_at=date(2024, 5, 1),
        issuer_earner_id="docebo-42",
    )
    found = list(
        hub_client.list_badges(
            template_id=template_id, recipient_email="ana@example.com", state=("pending", "accepted")
        )
    )
    assert [b["id"] for b in found] == [issued["id"]]
    revoked = IssuedBadgeData.from_api(hub_client.revoke_badge(issued["id"], reason="Completion reset"))
    assert revoked.is_revoked and revoked.revocation_reason == "Completion reset"
    assert list(hub_client.list_badges(recipient_email="ana@example.com", state="pending,accepted")) == []


def test_duplicate_issue_is_a_permanent_error(hub_client):
    kwargs = {
        "template_id": _template_id(hub_client, "Cloud Foundations Practitioner"),
        "recipient_email": "jane.doe@example.com",
        "first_name": "Jane",
        "last_name": "Doe",
        "issued_at": date(2024, 5, 1),
    }
    with pytest.raises(PermanentError, match="User already has this badge") as exc:
        hub_client.issue_badge(**kwargs)
    assert exc.value.status == 422


def test_replaced_badge_cannot_be_replaced_again_and_names_the_live_one(hub_client):
    old = next(b for b in hub_client.list_badges(recipient_email="sam.lee@example.com", state="pending"))
    other = _template_id(hub_client, "Customer Care Specialist")
    new = hub_client.replace_badge(old["id"], template_id=other, issued_at=date(2024, 6, 1))
    with pytest.raises(PermanentError) as exc:
        hub_client.replace_badge(old["id"], template_id=other, issued_at=date(2024, 6, 2))
    assert current_badge_id(exc.value) == new["id"]


def test_event_detail_proves_a_delivery_and_parses(hub_client):
    template_id = _template_id(hub_client, "Data Privacy Essentials")
    hub_client.issue_badge(
        template_id=template_id,
        recipient_email="ana@example.com",
        first_name="Ana",
        last_name="Silva",
        issued_at=date(2024, 5, 1),
    )
    event_id = str(Event.objects.get(event_type="badge.created").id)
    event = CredlyEvent.from_api(hub_client.get_event(event_id))
    assert event.badge.recipient_email == "ana@example.com"
    assert event.organization_id == hub_client.organization_id
    with pytest.raises(NotFound):
        hub_client.get_event("5f0c9e2e-6f3b-4c38-9a51-2e7a0d8f4b11")


def test_organisation_check_and_badge_delete(hub_client):
    assert hub_client.get_organization()["id"] == hub_client.organization_id
    badge = next(hub_client.list_badges(recipient_email="jane.doe@example.com"))
    hub_client.delete_badge(badge["id"])
    with pytest.raises(NotFound):
        hub_client.get_badge(badge["id"])
