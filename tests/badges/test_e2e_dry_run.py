"""End to end: a mapping change previewed by a dry run, then applied by Run now. The real server, a
real qcluster and both emulators; the admin is driven over HTTP as a browser would."""

import pytest
import requests

from sync.models import Link, Outcome, Run, RunStatus, Trigger
from tests.badges.sandbox import action, credly_template_id, docebo_user, settle, wire
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FLOW = "badges.credly_to_docebo"
PASSWORD = "a-long-password-1"


def admin_session(hub) -> requests.Session:
    from django.contrib.auth.models import User

    User.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    session = requests.Session()
    session.get(f"{hub.url}/admin/login/", timeout=30)
    answer = session.post(
        f"{hub.url}/admin/login/?next=/admin/",
        data={"username": "boss", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
    )
    assert answer.ok and "Log out" in answer.text, answer.text[:500]
    return session


def flow_action(hub, session, name: str) -> str:
    from sync.services.runs import flow_row

    answer = session.post(
        f"{hub.url}/admin/sync/flow/",
        data={
            "action": name,
            "_selected_action": [flow_row(FLOW).pk],
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    assert answer.ok, answer.text[:500]
    return answer.text


def finished(dry: bool) -> Run | None:
    runs = Run.objects.filter(flow__key=FLOW, dry=dry, trigger=Trigger.MANUAL)
    return runs.exclude(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()


def emulator_state() -> dict:
    from integrations.docebo.sandbox.models import CertificationAward, ExternalTraining

    return {
        "trainings": list(ExternalTraining.objects.values("user_id", "course_name", "training_institute")),
        "awards": list(CertificationAward.objects.values("user_id", "certification_id")),
    }


def test_a_new_badge_mapping_is_previewed_by_a_dry_run_then_applied_by_run_now(live_hub):
    from integrations.docebo.sandbox.models import ExternalTraining
    from mappings.badges.models import BadgeMapping
    from mappings.badges.services import mapping_save

    wire()
    omar, privacy = "omar.haddad@example.com", credly_template_id("Data Privacy Essentials")
    action(live_hub, "credly", "issue", template=privacy, email=omar, first_name="Omar", last_name="Haddad")
    settle(live_hub)  # the badge's webhook came and went: no mapping imports that template yet
    assert not ExternalTraining.objects.filter(user_id=docebo_user(omar)).exists()

    mapping_save(mapping=BadgeMapping(badge_template_id=privacy, import_as_external_training=True))
    session = admin_session(live_hub)
    before, links = emulator_state(), list(Link.objects.values_list("pk", "target_id").order_by("pk"))
    page = flow_action(live_hub, session, "dry_run")
    assert "1 dry run(s) queued" in page
    dry = wait_until(lambda: finished(dry=True), message=f"dry run finished\n{live_hub.log_tail()}")
    assert dry.status == RunStatus.SUCCEEDED, dry.message
    assert emulator_state() == before  # Docebo unchanged ...
    assert list(Link.objects.values_list("pk", "target_id").order_by("pk")) == links  # ... and the hub's links
    would = {r.source_ref: r for r in dry.records.filter(outcome=Outcome.CREATED)}
    omars = [r for r in would.values() if r.payload["would"]["body"].get("user_id") == docebo_user(omar)]
    assert [r.payload["would"]["body"]["course_name"] for r in omars] == ["Data Privacy Essentials"]
    assert omars[0].message.startswith("would POST docebo /learn/v1/external_training")

    flow_action(live_hub, session, "run_now")
    real = wait_until(lambda: finished(dry=False), message=f"real run finished\n{live_hub.log_tail()}")
    assert real.status == RunStatus.SUCCEEDED, real.message
    training = ExternalTraining.objects.get(user_id=docebo_user(omar), course_name="Data Privacy Essentials")
    assert training.training_institute == omars[0].payload["would"]["body"]["training_institute"]
    done = set(real.records.filter(outcome=Outcome.CREATED).values_list("source_ref", flat=True))
    assert done == set(would)  # the run created what the dry run said it would, no more, no less
