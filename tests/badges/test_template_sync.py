"""Credly -> lookup table (templates) and lookup table -> Docebo (the course field)."""

import pytest
import responses
from django.core import mail

from mappings.badges.models import BadgeMapping, BadgeTemplate
from sync.models import Notification, Outcome, Record, Run
from sync.services.notifications import notifications_send
from tests.badges.conftest import CREDLY, DOCEBO, body, calls, deliver, load, mapping, run_batch

pytestmark = pytest.mark.django_db


def test_template_sync_turns_archived_off_and_skips_duplicate_names(http, settings_row):
    http.add(responses.GET, f"{CREDLY}/badge_templates", json=load("credly_templates.json"))
    run = run_batch("badges.templates_from_credly")
    rows = {t.credly_id: t for t in BadgeTemplate.objects.all()}
    assert set(rows) == {"tpl-cloud", "tpl-net", "tpl-sec"}
    assert rows["tpl-cloud"].is_active and not rows["tpl-net"].is_active
    skipped = Record.objects.get(run=run, source_ref="tpl-dup")
    assert skipped.outcome == Outcome.SKIPPED and "duplicate name" in skipped.message
    assert Run.objects.filter(flow__key="badges.field_to_docebo").exists()  # the field sync follows


def test_template_sync_keeps_an_admins_off_switch_on_an_active_template(http, settings_row):
    BadgeTemplate.objects.create(
        credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active", is_active=False
    )
    http.add(responses.GET, f"{CREDLY}/badge_templates", json=load("credly_templates.json"))
    run_batch("badges.templates_from_credly")
    assert not BadgeTemplate.objects.get(credly_id="tpl-cloud").is_active


def test_template_deleted_in_credly_removes_it_deactivates_mappings_and_sends_one_email(
    http, connections, settings_row
):
    BadgeTemplate.objects.create(credly_id="tpl-sec", name="Security Champion", state="active")
    mapping(badge_template_id="tpl-sec", badge_template_name="Security Champion", learning_plan_id="12")
    mapping(badge_template_id="tpl-sec", badge_template_name="Security Champion", import_as_external_training=True)
    http.add(responses.GET, f"{CREDLY}/events/evt-tpl-del", json=load("credly_event_template_deleted.json"))
    deliver(connections[0], "badge_template.deleted", {"id": "evt-tpl-del", "event_type": "badge_template.deleted"})
    assert not BadgeTemplate.objects.filter(credly_id="tpl-sec").exists()
    assert not BadgeMapping.objects.filter(is_active=True).exists()
    assert "deleted in Credly" in BadgeMapping.objects.first().note
    notifications_send()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lms-admin@example.com"]
    assert "Security Champion" in mail.outbox[0].body and "2 mapping(s) turned off" in mail.outbox[0].body


def test_template_event_that_credly_does_not_know_is_refused_as_not_genuine(http, connections, settings_row):
    http.add(responses.GET, f"{CREDLY}/events/evt-forged", status=404, json={"message": "resource not found"})
    deliver(connections[0], "badge_template.deleted", {"id": "evt-forged"})
    record = Record.objects.get(source_ref="evt-forged")
    assert record.outcome == Outcome.FAILED and "not genuine" in record.message
    assert Notification.objects.filter(recipient="lms-admin@example.com").exists()


def test_field_sync_makes_options_exactly_the_active_templates(http, settings_row):
    cloud = BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active")
    BadgeTemplate.objects.create(
        credly_id="tpl-net",
        name="Secure Networking Specialist",
        state="archived",
        is_active=False,
        dropdown_element_id="32",
    )
    BadgeTemplate.objects.create(credly_id="tpl-sec", name="Security Champion", state="active")
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields_after.json"))
    http.add(responses.PUT, f"{DOCEBO}/learn/v1/courses/field/7", json={"data": {"success": True}})
    run_batch("badges.field_to_docebo")
    [put] = calls(http, "PUT", r"/courses/field/7$")
    assert body(put)["options"] == [
        {"id": 31, "label": "Cloud Foundations Practitioner"},
        {"label": "Security Champion"},
    ]
    cloud.refresh_from_db()
    assert cloud.dropdown_element_id == "31"
    assert BadgeTemplate.objects.get(credly_id="tpl-sec").dropdown_element_id == "33"
    assert BadgeTemplate.objects.get(credly_id="tpl-net").dropdown_element_id == ""


def test_field_sync_writes_nothing_when_options_already_match(http, settings_row):
    BadgeTemplate.objects.create(
        credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active", dropdown_element_id="31"
    )
    BadgeTemplate.objects.create(
        credly_id="tpl-net", name="Secure Networking Specialist", state="active", dropdown_element_id="32"
    )
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    run = run_batch("badges.field_to_docebo")
    assert not calls(http, "PUT", "field")
    assert run.created == run.updated == 0


def test_field_sync_creates_the_dropdown_when_missing(http, settings_row):
    BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active")
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": []}})
    http.add(responses.POST, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"id": 7}})
    created = {
        "id": 7,
        "type": "dropdown",
        "name": {"value": "Credly badge"},
        "options": [{"id": 31, "label": "Cloud Foundations Practitioner"}],
    }
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": [created]}})
    run_batch("badges.field_to_docebo")
    [post] = calls(http, "POST", r"/courses/field$")
    assert body(post)["name"] == {"english": "Credly badge"} and body(post)["type"] == "dropdown"
    assert BadgeTemplate.objects.get(credly_id="tpl-cloud").dropdown_element_id == "31"
