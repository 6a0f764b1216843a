"""End-to-end stories of what the Docebo <-> Credly batch catches up on (issue 12, points 1-6): the
real server, a real qcluster and both emulators; runs are asked for through the real admin."""

import re

import pytest
import requests

from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.badges.services import mapping_save
from sync.models import RUN_ACTIVE, Flow, Notification, Record, Run, Trigger
from sync.services.runs import flow_row
from tests.badges.sandbox import action, credly_badges, credly_template_id, docebo_pk, docebo_user, settle, wire
from tests.badges.test_e2e_concurrent_run_now import admin_session
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D2C = "badges.docebo_to_credly"
SAFETY = "Workplace Safety Certified"  # demo: <-> certification CERT-SEC, and imported as external training


def docebo_webhooks_off() -> None:
    from integrations.docebo.sandbox.models import Webhook

    Webhook.objects.update(active=False)


def admin(hub) -> requests.Session:
    from django.contrib.auth.models import User

    if not User.objects.filter(username="boss").exists():
        User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    return admin_session(hub)


def press(session, hub, flow_key: str, action_name: str, **fields) -> Run:
    """Press a flow action in the admin and wait for the run it queued to finish."""
    flow = flow_row(flow_key)
    before = set(Run.objects.filter(flow=flow).values_list("pk", flat=True))
    answer = session.post(
        f"{hub.url}/admin/sync/flow/",
        data={
            "action": action_name,
            "_selected_action": [flow.pk],
            **fields,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=60,
    )
    said = " ".join(re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', answer.text))
    run = wait_until(
        lambda: Run.objects.filter(flow=flow, trigger=Trigger.MANUAL).exclude(pk__in=before).first(),
        message=f"a run queued ({said})",
    )
    wait_until(
        lambda: not Run.objects.filter(pk=run.pk, status__in=RUN_ACTIVE).exists(),
        timeout=90,
        message=f"run #{run.pk} finished\n{hub.log_tail()}",
    )
    run.refresh_from_db()
    return run


def test_award_made_while_webhooks_were_off_becomes_a_badge_on_run_now(live_hub):
    wire()
    docebo_webhooks_off()
    ana = docebo_user("ana.silva@example.com")
    cert = docebo_pk("Certification", "CERT-SEC")
    fields = {"learner": ana, "certification": cert, "issued_on": "2026-11-01", "expires_on": "2027-11-01"}
    action(live_hub, "docebo", "award-certification", **fields)
    settle(live_hub)
    assert not credly_badges("ana.silva@example.com", SAFETY)  # nobody told the hub
    run = press(admin(live_hub), live_hub, D2C, "run_now")
    assert run.status == "succeeded", run.message
    [badge] = credly_badges("ana.silva@example.com", SAFETY)
    assert badge.expires_at.date().isoformat() == "2027-11-01"  # the award's own expiry
    template = BadgeTemplate.objects.get(name=SAFETY).credly_id
    record = Record.objects.get(run=run, source_ref=f"{ana}:cert:{cert}:{template}", action="issue_badge")
    assert record.outcome == "created" and record.target_ref == str(badge.id)


def test_learner_missing_in_either_direction_is_emailed(live_hub, mailoutbox):
    from integrations.docebo.sandbox.models import User
    from sync.services.notifications import notifications_send

    wire()
    action(
        live_hub,
        "credly",
        "issue",
        template=credly_template_id(SAFETY),
        email="stranger@example.com",
        first_name="Sam",
        last_name="Stranger",
    )
    nobody = User.objects.create(username="no-mail", email="")  # a Docebo user without an e-mail address
    action(
        live_hub,
        "docebo",
        "award-certification",
        learner=nobody.pk,
        certification=docebo_pk("Certification", "CERT-SEC"),
        issued_on="",
        expires_on="",
    )
    settle(live_hub)
    notes = Notification.objects.filter(subject__contains="learner missing")
    assert {n.flow_key for n in notes} == {D2C, "badges.credly_to_docebo"}, list(notes.values("line"))
    assert all(n.recipient == "crosswalk@localhost" for n in notes)  # NOTIFICATION_MAIL_ID of the demo
    assert Record.objects.filter(outcome="skipped", message__contains="stranger@example.com").exists()
    assert Record.objects.filter(outcome="skipped", message__contains=f"Docebo user {nobody.pk} was not found").exists()
    notifications_send()  # what the sweep does every minute
    sent = "\n".join(m.body for m in mailoutbox)
    assert "stranger@example.com" in sent and f"Docebo user {nobody.pk}" in sent
    assert {m.to[0] for m in mailoutbox} == {"crosswalk@localhost"}


def test_template_mapped_to_two_certifications_awards_both_with_the_badge_link_and_revokes_both(live_hub):
    from integrations.credly.sandbox.models import IssuedBadge
    from integrations.docebo.sandbox.models import CertificationAward

    wire()
    template = BadgeTemplate.objects.get(name=SAFETY)
    mapping_save(mapping=BadgeMapping(badge_template_id=template.credly_id, certification_code="CERT-CLOUD"))
    omar = "omar.haddad@example.com"
    action(live_hub, "credly", "issue", template=template.credly_id, email=omar, first_name="Omar", last_name="Haddad")
    awards = wait_until(
        lambda: (a := CertificationAward.objects.filter(user_id=docebo_user(omar))).count() == 2 and list(a),
        message=f"both certifications awarded\n{live_hub.log_tail()}",
    )
    badge = IssuedBadge.objects.get(recipient_email=omar)
    assert {a.certification.code for a in awards} == {"CERT-SEC", "CERT-CLOUD"}
    for award in awards:  # where the certification came from, as the learner sees it in My Activities
        assert (award.association_type, award.source) == ("external", "Credly")
        assert award.external_link.endswith(str(badge.id))
    settle(live_hub)
    action(live_hub, "credly", "revoke", badge=str(badge.id), reason="issued in error")
    wait_until(
        lambda: not CertificationAward.objects.filter(user_id=docebo_user(omar)).exists(),
        message=f"both awards revoked\n{live_hub.log_tail()}",
    )


def test_batch_records_a_course_whose_badge_is_an_inactive_template(live_hub):
    wire()
    Flow.objects.filter(pk=flow_row("badges.field_to_docebo").pk).update(enabled=False)  # the option stays
    BadgeTemplate.objects.filter(name="Data Privacy Essentials").update(is_active=False)
    course = docebo_pk("Course", "DAT-110")
    run = press(admin(live_hub), live_hub, D2C, "run_now")
    assert run.status == "succeeded", run.message
    record = Record.objects.get(run=run, source_ref=f"course:{course}", action="read_course_badge")
    assert record.outcome == "skipped" and "'Data Privacy Essentials'" in record.message
    assert "an inactive badge template" in record.message


def test_resync_one_learner_then_one_course_from_the_admin(live_hub):
    wire()
    docebo_webhooks_off()
    cert, course = docebo_pk("Certification", "CERT-SEC"), docebo_pk("Course", "DAT-110")
    for email in ("ana.silva@example.com", "omar.haddad@example.com"):
        action(
            live_hub,
            "docebo",
            "award-certification",
            learner=docebo_user(email),
            certification=cert,
            issued_on="",
            expires_on="",
        )
    grace = docebo_user("grace.okafor@example.com")
    action(live_hub, "docebo", "enrol", learner=grace, course=course)
    action(live_hub, "docebo", "complete-course", learner=grace, course=course)
    session = admin(live_hub)

    run = press(session, live_hub, D2C, "run_scoped", apply="yes", learner="Ana.Silva@example.com")
    assert (run.status, run.params, run.checkpoint["scope"]) == (
        "succeeded",
        {"learner": "ana.silva@example.com"},
        "learner ana.silva@example.com",
    )
    assert credly_badges("ana.silva@example.com", SAFETY)
    assert not credly_badges("omar.haddad@example.com", SAFETY)  # another learner: not this run's
    assert not credly_badges("grace.okafor@example.com", "Data Privacy Essentials", live_only=False)
    assert Record.objects.filter(run=run, outcome="created").count() == 1

    run = press(session, live_hub, D2C, "run_scoped", apply="yes", course=str(course))
    assert run.status == "succeeded", run.message
    assert credly_badges("grace.okafor@example.com", "Data Privacy Essentials")
    assert not credly_badges("omar.haddad@example.com", SAFETY)  # awards are no course's
    assert Record.objects.get(run=run, source_ref__startswith=f"{grace}:course:{course}:", outcome="created")
