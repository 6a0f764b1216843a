"""End-to-end stories of the Docebo <-> Credly connector: the real server, a real qcluster and both
emulators; every change is made on a sandbox page over HTTP and travels as a real webhook."""

import pytest

from integrations.docebo.events import COURSE_COMPLETED
from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.badges.services import setting_set
from sync.models import EventStatus, InboundEvent, Link, Notification, Record
from tests.badges.sandbox import (
    action,
    credly_badges,
    credly_template_id,
    docebo_pk,
    docebo_user,
    settle,
    wire,
)
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_course_and_learning_plan_completions_issue_each_badge_once(live_hub):
    wire()
    li = "li.wei@example.com"
    action(live_hub, "docebo", "enrol", learner=docebo_user(li), course=docebo_pk("Course", "DAT-110"))
    action(live_hub, "docebo", "complete-course", learner=docebo_user(li), course=docebo_pk("Course", "DAT-110"))
    [badge] = wait_until(
        lambda: credly_badges(li, "Data Privacy Essentials"), message=f"course badge issued\n{live_hub.log_tail()}"
    )
    assert badge.issuer_earner_id == f"crosswalk-docebo-{docebo_user(li)}"
    assert badge.evidence[0]["title"] == "Issued by Crosswalk"
    # the plan LP-CLOUD (mapped to "Cloud Foundations Practitioner") ends with its second course:
    # two course events and one plan event race through two workers; the badge is issued once
    for code in ("CLD-101", "CLD-150"):
        action(live_hub, "docebo", "complete-course", learner=docebo_user(li), course=docebo_pk("Course", code))
    wait_until(lambda: credly_badges(li, "Cloud Foundations Practitioner"), message="plan badge issued")
    settle(live_hub)
    assert len(credly_badges(li, "Cloud Foundations Practitioner", live_only=False)) == 1
    assert len(credly_badges(li, "Data Privacy Essentials", live_only=False)) == 1
    # Credly echoed both badges back: recognised as the hub's own, nothing imported
    echoes = Record.objects.filter(run__flow__key="badges.credly_to_docebo", action="import_badge")
    assert echoes.count() >= 2 and all("Crosswalk" in r.message for r in echoes)


def test_certification_revoked_revokes_the_badge_only_with_sync_revocation(live_hub):
    wire()
    ana, cert = docebo_user("ana.silva@example.com"), docebo_pk("Certification", "CERT-SEC")
    action(
        live_hub,
        "docebo",
        "award-certification",
        learner=ana,
        certification=cert,
        issued_on="2026-11-01",
        expires_on="2027-11-01",
    )
    [badge] = wait_until(
        lambda: credly_badges("ana.silva@example.com", "Workplace Safety Certified"),
        message=f"certification badge issued\n{live_hub.log_tail()}",
    )
    assert badge.expires_at.date().isoformat() == "2027-11-01"  # the certification's own expiry
    action(live_hub, "docebo", "revoke-certification", learner=ana, certification=cert)
    settle(live_hub)
    assert credly_badges("ana.silva@example.com", "Workplace Safety Certified")  # SYNC_REVOCATION is false
    assert Record.objects.filter(message__contains="SYNC_REVOCATION is false").exists()
    # the hub's badge came back from Credly on a mapping that imports external training: not imported
    from integrations.docebo.sandbox.models import ExternalTraining

    assert not ExternalTraining.objects.filter(user_id=ana).exists()

    setting_set(key="SYNC_REVOCATION", value="true")
    action(
        live_hub,
        "docebo",
        "award-certification",
        learner=ana,
        certification=cert,
        issued_on="2026-11-01",
        expires_on="2027-11-01",
    )
    action(live_hub, "docebo", "revoke-certification", learner=ana, certification=cert)
    wait_until(
        lambda: not credly_badges("ana.silva@example.com", "Workplace Safety Certified"),
        message=f"badge revoked\n{live_hub.log_tail()}",
    )
    assert len(credly_badges("ana.silva@example.com", "Workplace Safety Certified", live_only=False)) == 1


def test_badge_issued_in_credly_becomes_external_training_and_certification_award(live_hub):
    from integrations.docebo.sandbox.models import CertificationAward, ExternalTraining

    wire()
    omar = "omar.haddad@example.com"
    action(
        live_hub,
        "credly",
        "issue",
        template=credly_template_id("Workplace Safety Certified"),
        email=omar,
        first_name="Omar",
        last_name="Haddad",
    )
    training = wait_until(
        lambda: ExternalTraining.objects.filter(user_id=docebo_user(omar)).first(),
        message=f"external training created\n{live_hub.log_tail()}",
    )
    assert (training.course_name, training.training_institute) == ("Workplace Safety Certified", "Credly")
    award = wait_until(
        lambda: CertificationAward.objects.filter(user_id=docebo_user(omar)).first(), message="certification awarded"
    )
    assert award.certification.code == "CERT-SEC"
    settle(live_hub)  # Docebo's certification webhook came back to the hub ...
    assert len(credly_badges(omar, "Workplace Safety Certified", live_only=False)) == 1  # ... and issued nothing
    assert Record.objects.filter(message__contains="awarded by Crosswalk from Credly badge").exists()


def test_template_deleted_in_credly_deactivates_its_mapping_and_queues_one_email(live_hub):
    wire()
    action(live_hub, "credly", "create_template", name="Short-lived Badge")
    template = wait_until(
        lambda: BadgeTemplate.objects.filter(name="Short-lived Badge").first(),
        message=f"template synced in real time\n{live_hub.log_tail()}",
    )
    BadgeMapping.objects.create(
        badge_template_id=template.credly_id, badge_template_name=template.name, import_as_external_training=True
    )
    action(live_hub, "credly", "delete_template", template=template.credly_id)
    wait_until(
        lambda: not BadgeMapping.objects.filter(is_active=True, badge_template_id=template.credly_id).exists(),
        message=f"mapping deactivated\n{live_hub.log_tail()}",
    )
    assert not BadgeTemplate.objects.filter(credly_id=template.credly_id).exists()
    wait_until(
        lambda: Notification.objects.filter(line__contains="Short-lived Badge").exists(),
        message="deletion notice queued",
    )
    settle(live_hub)
    [note] = Notification.objects.filter(line__contains="Short-lived Badge")
    assert note.recipient == "crosswalk@localhost" and "1 mapping(s) turned off" in note.line


def test_master_set_to_credly_issues_no_badge_from_docebo(live_hub):
    wire()
    setting_set(key="CREDLY_INTEGRATION_MASTER", value="credly")
    grace = docebo_user("grace.okafor@example.com")
    action(live_hub, "docebo", "enrol", learner=grace, course=docebo_pk("Course", "DAT-110"))
    action(live_hub, "docebo", "complete-course", learner=grace, course=docebo_pk("Course", "DAT-110"))
    event = wait_until(
        lambda: InboundEvent.objects.filter(event_type=COURSE_COMPLETED, status=EventStatus.IGNORED).first(),
        message=f"event ignored\n{live_hub.log_tail()}",
    )
    assert "CREDLY_INTEGRATION_MASTER is 'credly'" in event.last_error
    assert not credly_badges("grace.okafor@example.com", "Data Privacy Essentials", live_only=False)
    assert not Link.objects.filter(object_type="badge").exists()


WORKER = (
    "import django, sys; django.setup()\n"
    "from sync.models import RUN_ACTIVE, Run\n"
    "from sync.services.runs import run_execute\n"
    "run_id = int(sys.argv[1])\n"
    "while Run.objects.get(pk=run_id).status in RUN_ACTIVE:\n"
    "    run_execute(run_id=run_id)\n"
)


def _start_worker(run_id: int):
    """A worker process of our own, so that this story can kill it (the live qcluster is shared)."""
    import os
    import subprocess
    import sys

    from tests.live import ROOT, _database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": _database_url(),
        "Q_SYNC": "1",
        "RUN_SLICE_SECONDS": "1",
    }
    return subprocess.Popen([sys.executable, "-c", WORKER, str(run_id)], cwd=ROOT, env=env)


@pytest.mark.parametrize("variant", [None, "ignores_course_filter"])
def test_batch_killed_midway_and_restarted_issues_every_badge_exactly_once(live_hub, sandbox_variant, variant):
    from datetime import date

    from django.utils import timezone

    from integrations.credly.sandbox.models import IssuedBadge, Organization
    from integrations.docebo.sandbox import EMULATOR as DOCEBO
    from integrations.docebo.sandbox.models import Course, CourseFieldOption
    from integrations.sandbox.models import SandboxFault
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row

    if variant:  # the tenant lists every course whatever badge option is asked for: each still gets its own
        sandbox_variant("docebo", variant)
    wire()
    names = [f"Batch badge {i}" for i in range(3)]
    for name in names:
        action(live_hub, "credly", "create_template", name=name)
    wait_until(
        lambda: BadgeTemplate.objects.filter(name__in=names).exclude(dropdown_element_id="").count() == 3,
        timeout=60,  # four hops through the queue: webhook out, event in, template sync, field sync
        message=f"templates synced and offered in Docebo\n{live_hub.log_tail()}",
    )
    DOCEBO.seed_bulk(courses=3, learners=20, completions=60, completed_on=date.today())
    for course, name in zip(Course.objects.filter(name__startswith="Bulk course").order_by("pk"), names, strict=True):
        option = CourseFieldOption.objects.get(label=name)
        action(live_hub, "docebo", "set-badge", course=course.pk, option=f"{option.field_id}:{option.pk}")
    # this story is about the batch: Credly's echo of each badge (covered above) is switched off
    Organization.objects.update(webhook_url="")
    SandboxFault.objects.update_or_create(system="credly", defaults={"latency_ms": 40})
    run = Run.objects.create(flow=flow_row("badges.docebo_to_credly"), trigger=Trigger.MANUAL)

    first = _start_worker(run.pk)
    wait_until(
        lambda: Link.objects.filter(object_type="badge").count() >= 20,
        timeout=30,
        interval=0.05,
        message=f"the batch under way\n{live_hub.log_tail()}",
    )
    first.kill()  # SIGKILL: no clean-up, the run is left 'running' with its lease
    first.wait()
    run.refresh_from_db()
    # killed inside a slice (running, with its lease) or between two slices (queued): both must resume
    assert run.status in ("running", "queued") and Link.objects.filter(object_type="badge").count() < 60

    Run.objects.filter(pk=run.pk).update(lease_until=timezone.now())  # as the sweep sees a dead worker's lease
    second = _start_worker(run.pk)
    assert second.wait(timeout=60) == 0
    run.refresh_from_db()
    assert run.status == "succeeded", run.message
    issued = IssuedBadge.objects.filter(template__name__in=names)
    assert issued.count() == 60
    assert len({(b.recipient_email, b.template_id) for b in issued}) == 60
    for course, name in zip(Course.objects.filter(name__startswith="Bulk course").order_by("pk"), names, strict=True):
        learners = set(course.enrollments.filter(status="completed").values_list("user__email", flat=True))
        assert set(issued.filter(template__name=name).values_list("recipient_email", flat=True)) == learners
    assert Link.objects.filter(object_type="badge").count() == 60
