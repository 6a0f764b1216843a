"""Credly -> Docebo reads the badge through Credly's documented badge list, never through the
undocumented single-badge GET; a badge is taken for deleted only on a badge.deleted event read
from Credly's API; and what a webhook body claims is never written without that API read."""

import pytest
import responses

from sync.models import Link, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver
from tests.badges.test_credly_to_docebo import badge_event, listed, map_both, mock_docebo, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def docebo(http):
    return mock_docebo(http)


@pytest.fixture
def both_mapped(templates, settings_row):
    return map_both(settings_row)


NOT_FOUND = {"data": {"message": "resource not found"}, "metadata": {}}  # Credly's JSON 404


def single_badge_gets(mock) -> list:
    return calls(mock, "GET", r"/badges/[^/?]+($|\?)")


def test_badge_missing_from_credlys_list_is_not_taken_for_deleted(docebo, connections, both_mapped):
    """The tenant has no single-badge GET (it answers Credly's JSON 404): nothing is undone."""
    docebo.add(responses.GET, f"{CREDLY}/badges/badge-ext", status=404, json=NOT_FOUND)
    send(docebo, connections, badge_event())
    assert Link.objects.filter(object_type="external_training").exists()
    changed = badge_event("evt-badge-2", state="accepted")
    docebo.add(responses.GET, f"{CREDLY}/events/evt-badge-2", json=changed)
    listed(docebo)  # Credly's list, filtered by her e-mail, does not show the badge (yet, or any more)
    deliver(connections[0], "badge.state.changed", {"id": "evt-badge-2"}, key="evt-badge-2")
    assert not calls(docebo, "DELETE", "external_training")
    assert not calls(docebo, "DELETE", "certifications")
    assert Link.objects.filter(object_type="external_training").exists()
    skipped = Record.objects.get(outcome=Outcome.SKIPPED, source_ref="badge:badge-ext")
    assert "does not show badge badge-ext" in skipped.message and "badge.deleted" in skipped.message
    assert not single_badge_gets(docebo)


def test_the_badge_is_read_through_the_documented_list_filtered_by_the_earner(docebo, connections, both_mapped):
    send(docebo, connections, badge_event())
    [read] = calls(docebo, "GET", r"/organizations/org-1/badges\?")
    assert "recipient_email_all%3A%3Ajane.doe%40example.com" in read.request.url
    assert "state%3A%3Apending%2Caccepted%2Crejected%2Crevoked" in read.request.url
    assert not single_badge_gets(docebo)


def test_badge_deleted_event_read_from_credly_undoes_the_training_and_the_award(docebo, connections, both_mapped):
    send(docebo, connections, badge_event())
    deleted = badge_event("evt-badge-9")
    deleted["data"]["event_type"] = "badge.deleted"
    docebo.add(responses.GET, f"{CREDLY}/events/evt-badge-9", json=deleted)
    deliver(connections[0], "badge.deleted", {"id": "evt-badge-9"}, key="evt-badge-9")
    assert len(calls(docebo, "DELETE", "external_training/5521")) == 1
    assert len(calls(docebo, "DELETE", "certifications/3/users/13021")) == 1
    assert not Link.objects.exists()


def test_a_badge_listed_under_another_id_is_not_mistaken_for_the_one_asked(docebo, connections, both_mapped):
    other = {**badge_event()["data"]["badge"], "id": "badge-someone-else"}
    send(docebo, connections, badge_event(), current=other)
    assert not calls(docebo, "POST", "external_training")
    assert "does not show badge badge-ext" in Record.objects.get(outcome=Outcome.SKIPPED).message


# --- a webhook is a hint ---------------------------------------------------------------------------
CLAIMS = {
    "badge": {
        "id": "badge-forged",
        "state": "accepted",
        "recipient_email": "mallory@example.com",
        "badge_template": {"id": "tpl-cloud", "name": "Cloud Foundations Practitioner"},
        "expires_at_date": "2099-01-01",
    }
}


def test_what_a_delivery_claims_is_never_written_only_what_credly_answers(docebo, connections, both_mapped):
    event = badge_event()
    docebo.add(responses.GET, f"{CREDLY}/events/evt-badge-1", json=event)
    listed(docebo, event["data"]["badge"])
    envelope = {"id": "evt-badge-1", "event_type": "badge.created", "organization_id": "org-1", **CLAIMS}
    deliver(connections[0], "badge.created", envelope, key="evt-badge-1")
    [create] = calls(docebo, "POST", "external_training")
    assert body(create)["expiration_date"] == "2028-11-20"  # Credly's answer, not the claimed 2099
    assert Link.objects.get(object_type="external_training").source_id == "badge-ext"
    assert not Link.objects.filter(source_id="badge-forged").exists()
    [search] = calls(docebo, "GET", "manage/v1/user")
    assert "mallory" not in search.request.url


def test_a_delivery_credly_does_not_know_writes_nothing_whatever_it_claims(docebo, connections, both_mapped):
    docebo.add(responses.GET, f"{CREDLY}/events/evt-forged", status=404, json=NOT_FOUND)
    envelope = {"id": "evt-forged", "event_type": "badge.created", "organization_id": "org-1", **CLAIMS}
    deliver(connections[0], "badge.created", envelope, key="evt-forged")
    assert not [c for c in docebo.calls if c.request.method != "GET"]
    assert not calls(docebo, "GET", f"{DOCEBO}/manage")
    assert Record.objects.get(action="fetch_event").outcome == Outcome.FAILED


def test_a_template_delivery_writes_the_template_credly_answers(http, connections, templates, settings_row):
    from mappings.badges.models import BadgeTemplate
    from tests.badges.conftest import load

    detail = load("credly_event_template_deleted.json")
    detail["data"].update(id="evt-tpl-1", event_type="badge_template.changed")
    detail["data"]["badge_template"].update(name="Renamed by Credly", state="active")
    template_id = detail["data"]["badge_template"]["id"]
    http.add(responses.GET, f"{CREDLY}/events/evt-tpl-1", json=detail)
    claims = {"badge_template": {"id": template_id, "name": "Claimed name", "state": "archived"}}
    deliver(connections[0], "badge_template.changed", {"id": "evt-tpl-1", **claims}, key="evt-tpl-1")
    row = BadgeTemplate.objects.get(credly_id=template_id)
    assert (row.name, row.state) == ("Renamed by Credly", "active")
