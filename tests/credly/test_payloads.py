"""Typed parsing of Credly's objects from the sample fixtures."""

from datetime import UTC, date, datetime

import pytest

from integrations.credly.events import EVENT_TYPES
from integrations.credly.payloads import BadgeTemplateData, CredlyEvent, IssuedBadgeData
from tests.credly.samples import FIXTURES, sample


def test_issued_badge_reads_ids_dates_recipient_and_template():
    badge = IssuedBadgeData.from_api(sample("api/badge_issued")["data"])
    assert badge.id == "c3d9a4f2-7b1e-4f0a-8e2d-5a6b7c8d9e0f"
    assert (badge.template_id, badge.template_name) == (
        "8f1e2b7a-3c44-4d2e-9a0b-6c1d2e3f4a5b",
        "Cloud Foundations Practitioner",
    )
    assert badge.recipient_email == "jane.doe@example.com" and badge.issuer_earner_id == "docebo-user-13021"
    assert badge.issued_at == datetime(2024, 5, 1, 14, 30, tzinfo=UTC)
    assert badge.expires_at_date == date(2026, 5, 1)
    assert badge.is_live and not badge.is_revoked


def test_revoked_badge_carries_its_reason_and_is_not_live():
    badge = IssuedBadgeData.from_api(sample("api/badge_revoked")["data"])
    assert badge.is_revoked and not badge.is_live
    assert badge.revocation_reason == "Course completion was reset in the LMS"


def test_replacement_points_back_to_the_badge_it_replaces():
    badge = IssuedBadgeData.from_api(sample("api/badge_replacement")["data"])
    assert badge.replaces_badge_id == "c3d9a4f2-7b1e-4f0a-8e2d-5a6b7c8d9e0f"
    assert badge.template_name == "Data Privacy Essentials"


def test_archived_template_is_not_active_and_knows_its_owner():
    template = BadgeTemplateData.from_api(sample("api/badge_template_archived")["data"])
    assert template.state == "archived" and not template.is_active
    assert template.owner_id == "0b6b2c1e-8d0d-4c7a-9f5e-3d2a1c4b5e6f"


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_has_an_envelope_and_a_detail_that_parses(event_type):
    envelope = sample(event_type)
    event = CredlyEvent.from_api(sample(f"event_detail/{event_type}")["data"])
    assert envelope["event_type"] == event.event_type == event_type
    assert event.id == envelope["id"] and event.organization_id == envelope["organization_id"]
    assert event.resource_id


def test_no_fixture_without_an_event_type():
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names == set(EVENT_TYPES)
