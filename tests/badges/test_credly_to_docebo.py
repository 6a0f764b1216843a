"""Credly -> Docebo: badges issued, replaced or revoked in Credly become external training and
certification awards in Docebo; the hub's own badges are recognised and left alone."""

import copy

import pytest
import responses

from sync.models import Link, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver, load, mapping

pytestmark = pytest.mark.django_db


def badge_event(event_id="evt-badge-1", **changes):
    event = copy.deepcopy(load("credly_event_badge_created.json"))
    event["data"]["id"] = event_id
    event["data"]["badge"].update(changes)
    return event


def listed(http, *badges):
    """Credly's badge list (filtered by the earner's e-mail) as it is now."""
    page = {"data": list(badges), "metadata": {"total_pages": 1, "current_page": 1, "next_page_url": None}}
    http.upsert(responses.GET, f"{CREDLY}/badges", json=page)


def send(http, connections, event, event_type="badge.created", *, current=None):
    http.add(responses.GET, f"{CREDLY}/events/{event['data']['id']}", json=event)
    listed(http, current or event["data"]["badge"])  # the badge as Credly's list shows it now
    return deliver(
        connections[0], event_type, {"id": event["data"]["id"], "event_type": event_type}, key=event["data"]["id"]
    )


@pytest.fixture
def docebo(http):
    return mock_docebo(http)


def mock_docebo(http):
    """Docebo's answers to the writes a Credly badge causes."""
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_search.json"))
    http.add(responses.POST, f"{DOCEBO}/learn/v1/external_training", json={"data": {"id": 5521}})
    http.add(responses.PUT, f"{DOCEBO}/learn/v1/external_training/5521", json={"data": {"success": True}})
    http.add(responses.DELETE, f"{DOCEBO}/learn/v1/external_training/5521", json={"data": {"success": True}})
    http.add(responses.GET, f"{DOCEBO}/learn/v1/certification", json=load("docebo_certifications.json"))
    http.add(responses.GET, f"{DOCEBO}/certification/v1/certifications/users", json=load("docebo_awards_empty.json"))
    http.add(responses.POST, f"{DOCEBO}/certification/v1/certifications/3/users", json={"data": {"award_id": 9}})
    http.add(responses.PUT, f"{DOCEBO}/certification/v1/certifications/3/users/13021", json={"data": {"success": True}})
    http.add(
        responses.DELETE, f"{DOCEBO}/certification/v1/certifications/3/users/13021", json={"data": {"success": True}}
    )
    return http


@pytest.fixture
def both_mapped(templates, settings_row):
    return map_both(settings_row)


def map_both(settings_row):
    """The template mapped to external training and to the certification CERT-CLOUD."""
    settings_row(EXTERNAL_TRAINING_INSTITUTE_NAME="Acme via Credly")
    return mapping(import_as_external_training=True, certification_code="CERT-CLOUD")


def test_badge_issued_in_credly_creates_external_training_and_awards_the_certification(
    docebo, connections, both_mapped
):
    send(docebo, connections, badge_event())
    [create] = calls(docebo, "POST", "external_training")
    assert body(create) == {
        "user_id": 13021,
        "course_name": "Cloud Foundations Practitioner",
        "training_institute": "Acme via Credly",
        "to_date": "2026-11-20",
        "expiration_date": "2028-11-20",
        "certificate": "https://www.credly.com/badges/badge-ext",
        "course_type": "Credly badge",
    }
    [award] = calls(docebo, "POST", "certifications/3/users")
    assert body(award) == {
        "user_id": 13021,
        "issued_on": "2026-11-20",
        "expire_on": "2028-11-20",
        "association_type": "external",  # as Docebo's manual "External certification" award: source and link
        "source": "Acme via Credly",
        "external_link": "https://www.credly.com/badges/badge-ext",
    }
    assert Link.objects.get(object_type="external_training").target_id == "5521"
    assert Link.objects.get(object_type="certification_award").origin == "credly"


def test_badge_revoked_in_credly_deletes_the_training_and_revokes_the_award(docebo, connections, both_mapped):
    send(docebo, connections, badge_event())
    send(docebo, connections, badge_event("evt-badge-2", state="revoked"), "badge.state.changed")
    assert len(calls(docebo, "DELETE", "external_training/5521")) == 1
    assert len(calls(docebo, "DELETE", "certifications/3/users/13021")) == 1
    assert not Link.objects.exists()


def test_badge_replaced_by_the_same_template_updates_training_and_award(docebo, connections, both_mapped):
    send(docebo, connections, badge_event())
    replaced = badge_event("evt-badge-3", id="badge-ext-2", replaces_badge_id="badge-ext", expires_at_date="2029-01-01")
    send(docebo, connections, replaced)
    [update] = calls(docebo, "PUT", "external_training/5521")
    assert body(update)["expiration_date"] == "2029-01-01"
    assert Link.objects.get(object_type="external_training").source_id == "badge-ext-2"
    assert Link.objects.get(object_type="certification_award").source_id == "badge-ext-2:3"  # one link per award
    assert not calls(docebo, "DELETE", "external_training")


def test_badge_replaced_by_another_template_deletes_the_training(docebo, connections, both_mapped):
    send(docebo, connections, badge_event())
    other = badge_event(
        "evt-badge-4",
        id="badge-other",
        replaces_badge_id="badge-ext",
        badge_template={"id": "tpl-unmapped", "name": "Something else"},
    )
    send(docebo, connections, other)
    assert len(calls(docebo, "DELETE", "external_training/5521")) == 1
    assert not Link.objects.filter(object_type="external_training").exists()


def test_the_hubs_own_badge_echoed_back_writes_nothing(docebo, connections, both_mapped):
    send(docebo, connections, badge_event(issuer_earner_id="crosswalk-docebo-13021"))
    assert not [c for c in docebo.calls if c.request.method != "GET" and "docebo.test/learn" in c.request.url]
    assert "issued by Crosswalk" in Record.objects.get(action="import_badge").message


def test_badge_linked_as_issued_from_docebo_is_skipped(docebo, connections, both_mapped):
    Link.objects.create(
        flow_key="badges.docebo_to_credly",
        object_type="badge",
        source_system="docebo",
        source_id="13021:course:412:tpl-cloud",
        target_system="credly",
        target_id="badge-ext",
        origin="docebo",
    )
    send(docebo, connections, badge_event())
    assert not calls(docebo, "POST", "external_training")
    assert Record.objects.get(action="import_badge").outcome == Outcome.SKIPPED


def test_badge_of_an_unmapped_template_is_skipped_with_the_reason(docebo, connections, templates, settings_row):
    send(docebo, connections, badge_event())
    assert "no active mapping" in Record.objects.get(action="import_badge").message
    assert not calls(docebo, "GET", "manage/v1/user")  # no Docebo call spent on it


def test_badge_for_an_email_unknown_to_docebo_is_skipped_and_emailed(http, connections, both_mapped):
    from sync.models import Notification

    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_awards_empty.json"))
    send(http, connections, badge_event())
    record = Record.objects.get(action="import_badge")
    assert record.outcome == Outcome.SKIPPED and "no Docebo user" in record.message
    assert "create the user in Docebo or correct the e-mail" in record.message
    [note] = Notification.objects.all()  # seed: the integration's address hears of a missing user
    assert note.recipient == "lms-admin@example.com"
    assert "jane.doe@example.com" in note.line and "Create the user in Docebo" in note.line


def test_template_mapped_to_two_certifications_keeps_a_link_per_award_and_revokes_both(
    docebo, connections, both_mapped
):
    second = {"id_cert": 4, "code": "CERT-OPS", "title": "Cloud Operations"}
    certs = load("docebo_certifications.json")
    certs["data"]["items"].append(second)
    docebo.upsert(responses.GET, f"{DOCEBO}/learn/v1/certification", json=certs)
    docebo.add(responses.POST, f"{DOCEBO}/certification/v1/certifications/4/users", json={"data": {"award_id": 10}})
    docebo.add(
        responses.DELETE, f"{DOCEBO}/certification/v1/certifications/4/users/13021", json={"data": {"success": True}}
    )
    mapping(certification_code="CERT-OPS")
    send(docebo, connections, badge_event())
    links = Link.objects.filter(object_type="certification_award").order_by("target_id")
    assert [(x.source_id, x.target_id) for x in links] == [("badge-ext:3", "3:13021"), ("badge-ext:4", "4:13021")]
    send(docebo, connections, badge_event("evt-badge-2", state="revoked"), "badge.state.changed")
    assert len(calls(docebo, "DELETE", "certifications/3/users/13021")) == 1
    assert len(calls(docebo, "DELETE", "certifications/4/users/13021")) == 1
    assert not Link.objects.filter(object_type="certification_award").exists()


def test_an_award_link_from_before_one_link_per_award_is_still_revoked(docebo, connections, both_mapped):
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="certification_award",
        source_system="credly",
        source_id="badge-ext",  # keyed by the badge alone, as links were written before
        target_system="docebo",
        target_id="3:13021",
        origin="credly",
    )
    send(docebo, connections, badge_event("evt-badge-2", state="revoked"), "badge.state.changed")
    assert len(calls(docebo, "DELETE", "certifications/3/users/13021")) == 1
    assert not Link.objects.filter(object_type="certification_award").exists()


def test_master_set_to_docebo_stops_credly_badge_events(docebo, connections, both_mapped, settings_row):
    settings_row(CREDLY_INTEGRATION_MASTER="docebo")
    event = send(docebo, connections, badge_event())
    assert event.status == "ignored" and "only Docebo -> Credly" in event.last_error
    assert not calls(docebo, "GET", "events")


def test_batch_imports_every_mapped_templates_badges_reading_users_once(docebo, connections, templates, settings_row):
    from tests.badges.conftest import run_batch

    mapping(import_as_external_training=True)

    page = {
        "data": [badge_event(f"e{i}", id=f"badge-{i}")["data"]["badge"] for i in range(3)],
        "metadata": {"total_pages": 1, "current_page": 1, "next_page_url": None},
    }
    docebo.add(responses.GET, f"{CREDLY}/badges", json=page)
    docebo.add(responses.POST, f"{DOCEBO}/learn/v1/external_training", json={"data": {"id": 5522}})
    run = run_batch("badges.credly_to_docebo")
    assert run.status == "succeeded", run.message
    assert len(calls(docebo, "POST", "external_training")) == 3
    assert len(calls(docebo, "GET", "manage/v1/user")) == 1
    again = run_batch("badges.credly_to_docebo")
    assert again.created == 0 and len(calls(docebo, "POST", "external_training")) == 3


def test_badge_created_read_after_its_revocation_imports_nothing(docebo, connections, both_mapped):
    """Credly's deliveries are not ordered: the hub acts on the badge as Credly holds it now."""
    send(docebo, connections, badge_event(), current={**badge_event()["data"]["badge"], "state": "revoked"})
    assert not calls(docebo, "POST", "external_training")
    assert not calls(docebo, "POST", "certifications")
