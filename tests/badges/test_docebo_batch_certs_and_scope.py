"""Batch Docebo -> Credly, the certification step and limited runs: awards made while the webhooks
were off become badges, expired ones revoke theirs; a run for one learner or one course reads only
what concerns them; a learner Docebo does not know is recorded and e-mailed once per run."""

import json
import re

import pytest
import responses

from sync.models import Link, Notification, Outcome, Record
from tests.badges.conftest import CREDLY, DOCEBO, calls, load, mapping, run_batch
from tests.badges.test_docebo_batch import docebo_tenant  # noqa: F401  (the tenant of the course batch)

pytestmark = pytest.mark.django_db
AWARDS = f"{DOCEBO}/certification/v1/certifications/users"


def awards(*items) -> dict:
    return {"data": {"items": list(items), "has_more_data": False, "current_page": 1, "total_page_count": 1}}


def award(user_id=13021, issued="2026-11-20", expires="2028-11-20") -> dict:
    return {"award_id": 9001, "id_cert": 3, "user_id": user_id, "issued_on": issued, "expire_on": expires}


@pytest.fixture
def certified(docebo_tenant, templates, settings_row):  # noqa: F811
    """Course 412 badged (three learners), and CERT-CLOUD (id 3) mapped to the template tpl-path."""
    settings_row(BATCH_SYNC_START_DATE="2026-01-01")
    mapping(badge_template_id="tpl-path", badge_template_name="Cloud Path Graduate", certification_code="CERT-CLOUD")
    docebo_tenant.add(responses.GET, f"{DOCEBO}/learn/v1/certification", json=load("docebo_certifications.json"))
    docebo_tenant.add(responses.GET, AWARDS, json=awards(award(), award(13070, issued="2025-03-01")))
    return docebo_tenant


def issued(http) -> list[tuple[str, str]]:
    return [
        (json.loads(c.request.body)["badge_template_id"], json.loads(c.request.body)["recipient_email"])
        for c in calls(http, "POST", r"/badges$")
    ]


def test_batch_issues_the_badge_of_an_award_made_while_webhooks_were_off(certified):
    run = run_batch("badges.docebo_to_credly")
    assert (run.status, run.created, run.failed) == ("succeeded", 4, 0), run.message
    assert ("tpl-path", "jane.doe@example.com") in issued(certified)  # the award of 2025 is before the start date
    [cert_badge] = [c for c in calls(certified, "POST", r"/badges$") if "tpl-path" in c.request.body.decode()]
    assert json.loads(cert_badge.request.body)["expires_at"].startswith("2028-11-20")  # the award's own expiry
    assert Link.objects.filter(object_type="badge", source_id="13021:cert:3:tpl-path").exists()
    again = run_batch("badges.docebo_to_credly")
    assert again.created == 0 and len(calls(certified, "POST", r"/badges$")) == 4
    unchanged = Record.objects.get(run=again, source_ref="13021:cert:3", action="issue_badge")
    assert unchanged.outcome == Outcome.UNCHANGED


def test_batch_revokes_the_badge_of_an_award_that_expired_while_webhooks_were_off(certified, settings_row):
    run_batch("badges.docebo_to_credly")
    certified.replace(responses.GET, AWARDS, json=awards(award(expires="2026-01-31")))
    certified.add(responses.PUT, re.compile(rf"{CREDLY}/badges/.+/revoke"), json={"data": {}})
    settings_row(SYNC_REVOCATION="true")
    run = run_batch("badges.docebo_to_credly")
    assert run.updated == 1 and len(calls(certified, "PUT", "/revoke")) == 1
    assert not Link.objects.filter(source_id="13021:cert:3:tpl-path").exists()


def test_batch_leaves_an_award_the_hub_made_from_a_credly_badge(certified):
    Link.objects.create(
        flow_key="badges.credly_to_docebo",
        object_type="certification_award",
        source_system="credly",
        source_id="badge-ext:3",
        target_system="docebo",
        target_id="3:13021",
        origin="credly",
    )
    run = run_batch("badges.docebo_to_credly")
    assert ("tpl-path", "jane.doe@example.com") not in issued(certified)
    assert "awarded by Crosswalk from Credly badge" in Record.objects.get(run=run, action="certification").message


def test_run_for_one_learner_reads_only_their_enrollments_and_awards(certified):
    jane = {"user_id": 13021, "course_id": 412, "enrollment_status": "completed"}
    jane["enrollment_completion_date"] = "2026-11-01 10:00:00"
    certified.replace(responses.GET, f"{DOCEBO}/course/v1/courses/enrollments", json=awards(jane))
    certified.replace(responses.GET, AWARDS, json=awards(award()))
    certified.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    run = run_batch("badges.docebo_to_credly", learner="13021")
    assert (run.status, run.created) == ("succeeded", 2), run.message
    assert sorted(issued(certified)) == [("tpl-cloud", "jane.doe@example.com"), ("tpl-path", "jane.doe@example.com")]
    assert not calls(certified, "GET", r"/learn/v1/courses\?")  # no course listing: the learner's courses only
    assert not calls(certified, "GET", r"/manage/v1/user\?")  # no user listing: the one learner read
    assert "user_id%5B%5D=13021" in calls(certified, "GET", "certifications/users")[0].request.url
    assert "user_id%5B%5D=13021" in calls(certified, "GET", "courses/enrollments")[0].request.url
    assert run.checkpoint["scope"] == "learner 13021"


def test_run_for_one_course_reads_that_course_only_and_no_award(certified):
    run = run_batch("badges.docebo_to_credly", course="412")
    assert (run.status, run.created) == ("succeeded", 3), run.message
    assert {t for t, _ in issued(certified)} == {"tpl-cloud"}
    assert not calls(certified, "GET", r"/learn/v1/courses\?") and not calls(certified, "GET", "certifications")


def test_run_for_a_learner_docebo_does_not_know_says_so(certified):
    empty = awards()
    certified.add(
        responses.GET,
        f"{DOCEBO}/manage/v1/user",
        json=empty,
        match=[
            responses.matchers.query_param_matcher(
                {"search_text": "nobody@example.com", "match_type": "full", "page": "1", "page_size": "200"}
            )
        ],
    )
    run = run_batch("badges.docebo_to_credly", learner="nobody@example.com")
    assert (run.status, run.created, run.skipped) == ("succeeded", 0, 1)
    assert "no user 'nobody@example.com'" in Record.objects.get(run=run, action="resync").message
    assert not calls(certified, "POST", r"/badges$")


def test_batch_emails_a_learner_missing_in_docebo_once_per_run(certified):
    certified.replace(
        responses.GET, AWARDS, json=awards(award(13099), {**award(13099), "award_id": 9002, "id_cert": 3})
    )
    run = run_batch("badges.docebo_to_credly")
    missing = Record.objects.filter(run=run, action="find_learner")
    assert missing.count() == 2 and all(r.outcome == Outcome.SKIPPED for r in missing)
    [note] = Notification.objects.all()
    assert "Docebo user 13099 was not found" in note.line and note.recipient == "lms-admin@example.com"


def test_credly_batch_for_one_learner_lists_only_their_badges(docebo_tenant, templates, settings_row):  # noqa: F811
    mapping(import_as_external_training=True)
    docebo_tenant.add(responses.GET, f"{CREDLY}/badges", json=load("credly_badges_empty.json"))
    run = run_batch("badges.credly_to_docebo", learner="Jane.Doe@example.com")
    assert run.status == "succeeded", run.message
    [listing] = calls(docebo_tenant, "GET", r"/badges\?")
    assert "recipient_email_all%3A%3Ajane.doe%40example.com" in listing.request.url
    course = run_batch("badges.credly_to_docebo", course="412")
    assert "cannot be limited to a course" in Record.objects.get(run=course, action="resync").message


def test_run_for_one_learner_where_docebo_ignores_the_user_filter_says_what_to_do(certified):
    certified.replace(responses.GET, AWARDS, json=awards(award()))
    certified.add(responses.GET, f"{DOCEBO}/manage/v1/user/13021", json=load("docebo_user_13021.json"))
    run = run_batch("badges.docebo_to_credly", learner="13021")  # the enrollments answer every learner's
    failed = Record.objects.get(run=run, action="resync")
    assert failed.outcome == Outcome.FAILED and "Run for one course" in failed.message
    assert issued(certified) == [("tpl-path", "jane.doe@example.com")]  # the certifications still resynced
    assert len(calls(certified, "GET", "courses/enrollments")) == 1  # stopped at the first other learner


def test_batch_resumed_slice_by_slice_through_the_certification_step(certified, monkeypatch):
    from sync.services.context import RunContext

    monkeypatch.setattr(RunContext, "should_yield", lambda self: True)  # every slice ends after one step
    run = run_batch("badges.docebo_to_credly")
    assert (run.status, run.created) == ("succeeded", 4)
    assert (run.progress_done, run.progress_total) == (2, 2)  # course 412, then certification 3
    assert len(calls(certified, "GET", "certifications/users")) == 1
