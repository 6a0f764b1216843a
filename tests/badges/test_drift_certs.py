"""Badges drift, certification awards: a held Docebo award of a mapped certification with no live
badge in Credly is found (Docebo right) and Fix issues the badge; a live Credly badge whose mapped
certification award is missing in Docebo is found (Credly right) and Fix awards it; then clean."""

import json

import pytest
import responses

from sync.flows.badges.drift_certs import AWARD_NO_BADGE, BADGE_NO_AWARD
from sync.models import DifferenceStatus, DriftReport, Link, Outcome
from sync.services.drift import differences_fix
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, mapping, run_batch
from tests.badges.test_docebo_batch import docebo_tenant  # noqa: F401  (the tenant certified builds on)
from tests.badges.test_docebo_batch_certs_and_scope import AWARDS, awards, certified  # noqa: F401
from tests.badges.test_drift import _badge, _page, _trainings
from tests.drift.helpers import run_until_done

pytestmark = pytest.mark.django_db


def _compare() -> DriftReport:
    return DriftReport.objects.get(run=run_batch("badges.drift_compare"))


def _credly_keeps_what_it_issues(http) -> list[dict]:
    """Credly's badge list answers with every badge issued so far (the fix's POST adds one)."""
    held: list[dict] = []

    def issue(request):
        sent = json.loads(request.body)
        badge = {"id": f"b-{len(held)}", "recipient_email": sent["recipient_email"], "state": "pending"}
        held.append({**badge, "badge_template": {"id": sent["badge_template_id"]}})
        return 201, {}, json.dumps({"data": badge})

    def listing(request):
        return 200, {}, json.dumps(_page([b for b in held if b["badge_template"]["id"] in request.url]))

    http.remove(responses.GET, f"{CREDLY}/badges")
    http.remove(responses.POST, f"{CREDLY}/badges")
    http.add_callback(responses.GET, f"{CREDLY}/badges", callback=listing, content_type="application/json")
    http.add_callback(responses.POST, f"{CREDLY}/badges", callback=issue, content_type="application/json")
    return held


def test_award_without_its_badge_is_found_issued_once_then_clean(certified, settings_row):  # noqa: F811
    settings_row(CREDLY_INTEGRATION_MASTER="docebo")
    held = _credly_keeps_what_it_issues(certified)
    certified.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    report = _compare()
    [diff] = report.differences.filter(kind=AWARD_NO_BADGE)  # 13070's award predates the start date
    assert diff.subject == "jane.doe@example.com: Cloud Path Graduate" and diff.right_side == "Docebo"
    assert "CERT-CLOUD" in diff.detail and not held  # a compare writes nothing

    _, [fix_run] = differences_fix(difference_ids=[diff.pk])
    run_until_done(fix_run)
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FIXED, diff.fix_message
    assert [(b["badge_template"]["id"], b["recipient_email"]) for b in held] == [("tpl-path", "jane.doe@example.com")]
    assert Link.objects.filter(object_type="badge", source_id="13021:cert:3:tpl-path").exists()
    assert fix_run.records.filter(action="issue_badge", outcome=Outcome.CREATED).exists()
    assert not _compare().differences.filter(kind=AWARD_NO_BADGE).exists()


def test_award_the_hub_made_from_a_credly_badge_is_not_compared_back(certified, settings_row):  # noqa: F811
    settings_row(CREDLY_INTEGRATION_MASTER="docebo")
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="certification_award",
        source_system="credly",
        source_id="badge-ext:3",
        target_system="docebo",
        target_id="3:13021",
        origin="credly",
    )
    assert not _compare().differences.filter(kind=AWARD_NO_BADGE).exists()


@pytest.fixture
def credly_certified(http, templates, settings_row):
    """A live Credly badge of tpl-cloud, mapped to CERT-CLOUD (id 3); Docebo holds no award of it."""
    settings_row(CREDLY_INTEGRATION_MASTER="credly")
    mapping(certification_code="CERT-CLOUD")
    http.add(responses.GET, f"{DOCEBO}/manage/v1/user", json=load("docebo_users_search.json"))
    http.add(responses.GET, f"{CREDLY}/badges", json=_page([_badge()]))
    http.add(responses.GET, f"{DOCEBO}/learn/v1/certification", json=load("docebo_certifications.json"))
    http.add(responses.GET, AWARDS, json=awards())
    http.add(responses.POST, f"{DOCEBO}/certification/v1/certifications/3/users", json={"data": {"award_id": 9}})
    _trainings(http, [])
    return http


def test_badge_without_its_certification_award_is_found_awarded_once_then_clean(credly_certified):
    report = _compare()
    [diff] = report.differences.all()
    assert (diff.kind, diff.right_side) == (BADGE_NO_AWARD, "Credly")
    assert diff.subject == "jane.doe@example.com: certification CERT-CLOUD" and "badge-ext" in diff.detail
    assert not calls(credly_certified, "POST", "certifications")

    _, [fix_run] = differences_fix(difference_ids=[diff.pk])
    run_until_done(fix_run)
    diff.refresh_from_db()
    assert diff.status == DifferenceStatus.FIXED, diff.fix_message
    assert len(calls(credly_certified, "POST", "certifications/3/users")) == 1
    assert Link.objects.get(object_type="certification_award").target_id == "3:13021"
    assert fix_run.records.filter(action="award_certification", outcome=Outcome.CREATED).exists()

    award = {"award_id": 9, "id_cert": 3, "user_id": 13021, "issued_on": "2026-11-20", "status": "active"}
    credly_certified.replace(responses.GET, AWARDS, json=awards(award))
    assert _compare().found == 0


def test_badge_whose_award_is_held_is_clean(credly_certified):
    award = {"award_id": 9, "id_cert": 3, "user_id": 13021, "issued_on": "2026-11-20", "status": "active"}
    credly_certified.replace(responses.GET, AWARDS, json=awards(award))
    report = _compare()
    assert (report.found, report.compared) == (0, 1)
