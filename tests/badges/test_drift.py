"""Badges drift: Compare finds what disagrees between Credly and Docebo, Fix writes through the
flows' own writers (link claimed first), and a Compare after the fix is clean."""

import copy

import pytest
import responses

from sync.models import Difference, DifferenceStatus, DriftReport, Link, Outcome, Record
from sync.services.drift import differences_fix
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, mapping, run_batch
from tests.drift.helpers import run_until_done

pytestmark = pytest.mark.django_db


def _badge():
    return copy.deepcopy(load("credly_event_badge_created.json"))["data"]["badge"]


def _page(items):
    return {"data": items, "metadata": {"total_pages": 1, "current_page": 1, "next_page_url": None}}


def _trainings(http, items):
    body = {"data": {"items": items, "has_more_data": False, "count": len(items)}}
    http.upsert(responses.GET, f"{DOCEBO}/learn/v1/external_training", json=body)


@pytest.fixture
def credly_master(http, templates, settings_row):
    settings_row(CREDLY_INTEGRATION_MASTER="credly", EXTERNAL_TRAINING_INSTITUTE_NAME="Acme via Credly")
    mapping(import_as_external_training=True)
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_search.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=_page([_badge()]))
    http.add(responses.POST, f"{DOCEBO}/learn/v1/external_training", json={"data": {"id": 5521}})
    return http


def _compare() -> DriftReport:
    run = run_batch("badges.drift_compare")
    return DriftReport.objects.get(run=run)


def test_badge_without_its_external_training_is_found_fixed_once_and_then_clean(credly_master):
    _trainings(credly_master, [])
    report = _compare()
    [diff] = report.differences.all()
    assert diff.kind == "badge_without_docebo_record" and diff.right_side == "Credly"
    assert "jane.doe@example.com" in diff.subject and diff.fix

    count, [fix_run] = differences_fix(difference_ids=[diff.pk, diff.pk])
    assert count == 1
    run_until_done(fix_run)
    assert len(calls(credly_master, "POST", "external_training")) == 1
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FIXED and diff.fix_run_id == fix_run.pk
    assert Record.objects.filter(run=fix_run, action="create_external_training", outcome=Outcome.CREATED).exists()
    assert Link.objects.filter(object_type="external_training", source_id="badge-ext", target_id="5521").exists()

    # a second Fix of the same difference writes nothing: it is fixed, not open
    assert differences_fix(difference_ids=[diff.pk])[0] == 0
    _trainings(credly_master, [{"id": 5521, "user_id": 13021}])
    clean = _compare()
    assert clean.found == 0 and clean.compared == 1 and clean.summary.startswith("clean")


def test_record_whose_badge_is_gone_is_found_and_deleted(credly_master):
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="external_training",
        source_system="credly",
        source_id="badge-old",
        target_system="docebo",
        target_id="7001",
        origin="credly",
        data={"template_id": "tpl-cloud"},
    )
    _trainings(credly_master, [{"id": 5521, "user_id": 13021}, {"id": 7001, "user_id": 13021}])
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="external_training",
        source_system="credly",
        source_id="badge-ext",
        target_system="docebo",
        target_id="5521",
        origin="credly",
        data={"template_id": "tpl-cloud"},
    )
    credly_master.add(responses.DELETE, f"{DOCEBO}/learn/v1/external_training/7001", json={"data": {"success": True}})
    report = _compare()
    [diff] = report.differences.all()
    assert diff.kind == "docebo_record_without_badge" and diff.data["training_id"] == "7001"
    _, [fix_run] = differences_fix(difference_ids=[diff.pk])
    run_until_done(fix_run)
    assert len(calls(credly_master, "DELETE", "external_training/7001")) == 1
    assert not Link.objects.filter(source_id="badge-old").exists()


def test_docebo_master_does_not_compare_credly_badges(http, templates, settings_row):
    settings_row(CREDLY_INTEGRATION_MASTER="docebo")
    mapping(import_as_external_training=True)
    http.add(responses.GET, f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": []}})
    report = _compare()
    assert report.found == 0
    assert not calls(http, "GET", "credly.test")
    assert Difference.objects.count() == 0


def test_admin_shows_the_report_with_fix_and_queues_fix_all_without_running_it(credly_master, admin_client):
    _trainings(credly_master, [])
    report = _compare()
    page = admin_client.get(f"/admin/sync/driftreport/{report.pk}/change/")
    assert page.status_code == 200 and b"Fix all (1)" in page.content and b'formaction="' in page.content
    listing = admin_client.get("/admin/sync/driftreport/")
    assert b"Compare Docebo &lt;-&gt; Credly (badges)" in listing.content
    posted = admin_client.post(f"/admin/sync/driftreport/{report.pk}/fix-all/")
    assert posted.status_code == 302
    diff = report.differences.get()
    assert diff.status == DifferenceStatus.QUEUED  # queued for a worker, nothing written in the request
    assert not calls(credly_master, "POST", "external_training")


def test_completions_without_a_live_badge_are_found_and_each_issued_once(http, templates, settings_row):
    import json

    from tests.badges.test_docebo_batch import docebo_tenant

    tenant = docebo_tenant.__wrapped__(http)
    settings_row(BATCH_SYNC_START_DATE="2026-01-01", CREDLY_INTEGRATION_MASTER="docebo")
    held = {**_badge(), "id": "badge-jane", "badge_template": {"id": "tpl-cloud", "name": "Cloud"}}

    def badges(request):  # Credly's list, filtered by the earner's e-mail when asked
        wanted = [b for b in [held] if b["recipient_email"] in request.url or "recipient_email" not in request.url]
        return 200, {}, json.dumps(_page(wanted))

    tenant.remove(responses.GET, f"{CREDLY}/badges")
    tenant.add_callback(responses.GET, f"{CREDLY}/badges", callback=badges, content_type="application/json")
    report = _compare()
    subjects = sorted(report.differences.values_list("subject", flat=True))
    assert subjects == [
        "ana.silva@example.com: Cloud Foundations Practitioner",
        "li.wei@example.com: Cloud Foundations Practitioner",
    ]  # jane holds hers; 13060 has not completed; 13070 completed before the start date
    assert set(report.differences.values_list("right_side", flat=True)) == {"Docebo"}
    assert not calls(tenant, "POST", r"/badges$")

    users = {u["user_id"]: u for u in load("docebo_users_all.json")["data"]["items"]}
    for user_id in ("13044", "13050"):
        tenant.add(responses.GET, f"{DOCEBO}/manage/v1/user/{user_id}", json={"data": users[user_id]})
    ids = list(report.differences.values_list("pk", flat=True))
    _, [fix_run] = differences_fix(difference_ids=ids)
    differences_fix(difference_ids=ids)  # pressed again while queued: nothing more
    run_until_done(fix_run)
    issued = [json.loads(c.request.body)["recipient_email"] for c in calls(tenant, "POST", r"/badges$")]
    assert sorted(issued) == ["ana.silva@example.com", "li.wei@example.com"]
    assert fix_run.records.filter(action="issue_badge", outcome=Outcome.CREATED).count() == 2
    assert Link.objects.filter(object_type="badge", source_system="docebo").count() == 2
