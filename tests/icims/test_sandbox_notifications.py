"""The emulator's event notifications: a move into a trigger status sends gzip + Basic to the hub."""

import gzip
import json

import pytest

from demo import icims as demo
from integrations.icims.sandbox import EMULATOR
from integrations.icims.sandbox.models import NotificationTarget, Workflow
from integrations.icims.sandbox.seed import (
    STATUS_BACKGROUND_CHECK,
    STATUS_HIRED,
    STATUS_INTERVIEW,
    STATUS_PHONE_SCREEN,
)
from integrations.sandbox.models import SandboxDelivery
from sync.models import InboundEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The webhook deliveries the emulator enqueued, as (raw body, headers)."""
    sent = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda name, delivery_id, raw, headers, retry=True: sent.append((raw, headers))
    )
    return sent


@pytest.fixture
def hub_connection(db):
    return demo.seed()


def workflow_at(status: str) -> Workflow:
    return Workflow.objects.filter(status__node_id=status).first()


def test_demo_seed_is_idempotent_and_registers_the_hub_as_a_notification_target(hub_connection):
    again = demo.seed()
    assert again.pk == hub_connection.pk and again.setting("customer_id") == "7712"
    target = NotificationTarget.objects.get()
    assert target.url == hub_connection.webhook_url and target.username == hub_connection.webhook_username
    assert STATUS_BACKGROUND_CHECK in target.trigger_statuses and STATUS_HIRED in target.trigger_statuses
    assert Workflow.objects.count() == 5


def test_move_into_trigger_status_sends_gzip_event_that_the_hub_accepts(
    api, client, hub_connection, queued, django_capture_on_commit_callbacks
):
    wf = workflow_at(STATUS_INTERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        response = api("patch", f"applicantworkflows/{wf.pk}", json={"status": {"id": STATUS_BACKGROUND_CHECK}})
    assert response.status_code == 204 and len(queued) == 1
    raw, headers = queued[0]
    event = json.loads(gzip.decompress(raw))
    assert headers["Content-Encoding"] == "gzip" and headers["Authorization"].startswith("Basic ")
    assert event["eventType"] == "WorkFlowStatusChangeEvent"
    assert (event["customerId"], event["systemId"], event["personId"], event["jobId"]) == (
        "7712",
        str(wf.pk),
        str(wf.person_id),
        str(wf.job_id),
    )
    assert (event["newStatus"], event["oldStatus"]) == (STATUS_BACKGROUND_CHECK, STATUS_INTERVIEW)
    assert 'rel="applicantworkflow"' in headers["Link"]
    # what the emulator sent, posted as sent, is accepted by the hub's own webhook view
    answer = client.post(
        f"/hooks/{hub_connection.slug}/",
        data=raw,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )
    assert answer.status_code == 200
    assert InboundEvent.objects.get().dedupe_key == f"7712:{wf.pk}:{STATUS_BACKGROUND_CHECK}"


def test_move_into_a_status_no_target_listens_for_sends_nothing(
    api, hub_connection, queued, django_capture_on_commit_callbacks
):
    wf = workflow_at(STATUS_INTERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        api("patch", f"applicantworkflows/{wf.pk}", json={"status": {"id": STATUS_PHONE_SCREEN}})
        api("patch", f"applicantworkflows/{wf.pk}", json={"status": {"id": STATUS_PHONE_SCREEN}})
    assert queued == [] and not SandboxDelivery.objects.exists()


def test_repeat_setting_sends_duplicates_that_the_hub_stores_once(
    client, hub_connection, queued, django_capture_on_commit_callbacks
):
    actions = {a.name: a for a in EMULATOR.actions()}
    actions["notification_repeat"].run(times="2")
    wf = workflow_at(STATUS_INTERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        message = actions["move_candidate"].run(workflow=str(wf.pk), status=STATUS_HIRED)
    assert "2 event notification(s) queued" in message
    codes = [
        client.post(
            f"/hooks/{hub_connection.slug}/",
            data=raw,
            content_type="application/json",
            headers={k: v for k, v in h.items() if k != "Content-Type"},
        ).status_code
        for raw, h in queued
    ]
    assert codes == [200, 200] and InboundEvent.objects.count() == 1


def test_create_candidate_action_makes_a_person_and_workflow(
    hub_connection, queued, django_capture_on_commit_callbacks
):
    action = next(a for a in EMULATOR.actions() if a.name == "create_candidate")
    job = str(workflow_at(STATUS_INTERVIEW).job_id)
    with django_capture_on_commit_callbacks(execute=True):
        action.run(first_name="Jo", last_name="Park", email="jo@example.org", job=job, status=STATUS_HIRED)
    wf = Workflow.objects.order_by("-pk").first()
    assert wf.person.fields["email"] == "jo@example.org" and wf.status.node_id == STATUS_HIRED
    assert json.loads(gzip.decompress(queued[0][0]))["oldStatus"] == ""


def test_edit_person_field_action_refuses_upper_case_field_ids(hub_connection):
    action = next(a for a in EMULATOR.actions() if a.name == "edit_person_field")
    person = str(workflow_at(STATUS_INTERVIEW).person_id)
    with pytest.raises(ValueError, match="lower-case"):
        action.run(person=person, field="Email", value="x@example.org")
    assert "set" in action.run(person=person, field="field50011", value="RN-1")


def test_sandbox_sections_show_people_workflows_screening_and_notification_config(api, hub_connection):
    wf = workflow_at(STATUS_INTERVIEW)
    api(
        "post",
        f"people/{wf.person_id}/fields/bgcresults",
        json={"bgcorderid": "c-1", "bgcorderstatus": "Complete", "bgcresult": "Clear", "bgcreporturl": "https://r/1"},
    )
    sections = {s.title: s for s in EMULATOR.sections()}
    people = {row[1]: row for row in sections["People"].rows}
    assert people["Okafor, Amara"][2] == "amara.okafor@example.org"
    workflow_row = next(r for r in sections["Recruiting workflows"].rows if r[0] == wf.pk)
    assert workflow_row[3] == f"Interview ({STATUS_INTERVIEW})"
    assert workflow_row[4:7] == ["Complete", "Clear", "https://r/1"]
    [target] = sections["Event notifications"].rows
    assert target[:4] == [hub_connection.slug, hub_connection.webhook_url, hub_connection.webhook_username, "set"]
    assert target[4] == "Basic" and "Background Check" in target[5]
