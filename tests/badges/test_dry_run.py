"""Dry runs of the badge flows: both systems read, nothing written to Credly, Docebo or the hub's
tables, and the records say what each entity would have had done."""

import json
import uuid

import pytest
import responses
from responses import matchers

from sync.models import Link, Notification, Outcome, Run
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, mapping, run_batch
from tests.badges.test_credly_to_docebo import badge_event, map_both, mock_docebo
from tests.dry_runs import dry_run_batch, hub_tables, writes

pytestmark = pytest.mark.django_db


@pytest.fixture
def docebo_tenant(http):
    """Course 412 carries the badge option 31 and has three completions since the start date."""
    only_31 = matchers.query_param_matcher({"field_7": "31", "page": "1", "page_size": "200"})
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/412", json=load("docebo_course_412.json"))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses", json=load("docebo_courses_field_7_31.json"), match=[only_31])
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json=load("docebo_course_fields.json"))
    http.add(responses.GET, f"{DOCEBO}/course/v1/courses/enrollments", json=load("docebo_course_412_enrollments.json"))
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_all.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    template = {"id": "tpl-cloud", "name": "Cloud Foundations Practitioner", "state": "active", "badges_count": 5}
    http.add(responses.GET, f"{CREDLY}/badge_templates", json={"data": [template], "metadata": {"total_pages": 1}})
    http.add_callback(
        responses.POST,
        f"{CREDLY}/badges",
        content_type="application/json",
        callback=lambda request: (201, {}, json.dumps({"data": {"id": str(uuid.uuid4())}})),
    )
    return http


def test_dry_run_docebo_to_credly_lists_each_badge_it_would_issue_and_writes_nothing(
    docebo_tenant, templates, settings_row
):
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    before = hub_tables()
    run = dry_run_batch("badges.docebo_to_credly", requested_by="editor")
    assert run.dry and run.status == "succeeded", run.message
    assert writes(docebo_tenant) == []  # nothing sent but reads (and Docebo's token)
    assert hub_tables() == before  # no link, no claim, no notification
    would = run.records.filter(action="issue_badge").order_by("source_ref")
    assert (run.created, run.failed, would.count()) == (3, 0, 3)
    assert {r.outcome for r in would} == {Outcome.CREATED}
    assert all(r.message.startswith("would POST credly /organizations/org-1/badges {") for r in would)
    assert {r.payload["would"]["body"]["recipient_email"] for r in would} == {
        "jane.doe@example.com",
        "li.wei@example.com",
        "ana.silva@example.com",
    }
    assert would[0].payload["would"]["body"]["badge_template_id"] == "tpl-cloud"

    real = run_batch("badges.docebo_to_credly")  # the real run writes what the dry run said
    issued = {json.loads(c.request.body)["recipient_email"] for c in calls(docebo_tenant, "POST", r"/badges$")}
    assert issued == {r.payload["would"]["body"]["recipient_email"] for r in would}
    assert real.created == 3 and not real.dry
    assert Link.objects.filter(object_type="badge").count() == 3


def test_dry_run_credly_to_docebo_stops_each_badge_at_its_first_write(http, connections, templates, settings_row):
    map_both(settings_row)
    docebo = mock_docebo(http)
    settings_row(CREDLY_INTEGRATION_MASTER="credly")
    page = {
        "data": [badge_event(f"e{i}", id=f"badge-{i}")["data"]["badge"] for i in range(2)],
        "metadata": {"total_pages": 1, "current_page": 1, "next_page_url": None},
    }
    docebo.add(responses.GET, f"{CREDLY}/badges", json=page)
    before = hub_tables()
    run = dry_run_batch("badges.credly_to_docebo")
    assert run.status == "succeeded", run.message
    assert writes(docebo) == []
    assert hub_tables() == before
    would = list(run.records.filter(action="import_badge").order_by("source_ref"))
    assert [r.source_ref for r in would] == ["badge:badge-0", "badge:badge-1"]
    assert all(r.outcome == Outcome.CREATED for r in would)
    assert all(r.target_ref == "/learn/v1/external_training" for r in would), [r.message for r in would]
    assert "Acme via Credly" in would[0].message  # the training as it would be sent

    real = run_batch("badges.credly_to_docebo")
    assert len(calls(docebo, "POST", "external_training")) == 2 and real.created >= 2


def test_a_write_outside_any_entity_ends_the_dry_run_with_what_it_would_send(http, connections, templates):
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": []}})
    run = dry_run_batch("badges.field_to_docebo")
    assert writes(http) == []
    [record] = run.records.all()
    assert record.source_ref == "(the run itself)" and record.outcome == Outcome.CREATED
    assert record.message.startswith("would POST docebo /learn/v1/courses/field")
    assert "Cloud Foundations Practitioner" in record.message  # the options it would create
    assert not Link.objects.exists()


def test_dry_run_of_the_template_sync_changes_no_lookup_row_and_starts_no_field_sync(http, connections, templates):
    page = load("credly_templates.json")
    http.add(responses.GET, f"{CREDLY}/badge_templates", json=page)
    before = hub_tables()
    run = dry_run_batch("badges.templates_from_credly")
    assert run.status == "succeeded", run.message
    assert hub_tables() == before
    assert run.records.filter(action__in=["sync_template", "delete_template"]).exists()
    assert not Run.objects.filter(flow__key="badges.field_to_docebo").exists()


def test_a_failed_read_in_a_dry_run_is_recorded_but_mails_nobody_and_cannot_be_replayed(
    http, connections, templates, settings_row
):
    from sync.services.runs import records_replay

    mapping(import_as_external_training=True)
    settings_row(CREDLY_INTEGRATION_MASTER="credly")
    page = {"data": [badge_event()["data"]["badge"]], "metadata": {"total_pages": 1, "next_page_url": None}}
    http.add(responses.GET, f"{CREDLY}/badges", json=page)
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", status=403, json={"message": "no access to users"})
    run = dry_run_batch("badges.credly_to_docebo")
    assert run.status == "failed" and run.failed == 1
    assert not Notification.objects.exists()
    assert records_replay(record_ids=list(run.records.values_list("pk", flat=True))) == []
