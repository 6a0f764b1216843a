"""Phase 1: an iCIMS stage change creates exactly one Credentially staff member, with minimal data."""

import json

import pytest

from tests.compliance.conftest import CID, CRED, ICIMS, ONBOARDING, PERSON_ID, PROFILE_ID, load, writes

pytestmark = pytest.mark.django_db


def deliver(connection, payload: dict):
    """Ingest an iCIMS event and process it through every subscribed flow, as the worker does."""
    from integrations.icims.webhooks import IcimsReceiver
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    incoming = IcimsReceiver().parse(connection, json.dumps(payload).encode(), None)[0]
    event, _ = event_ingest(connection=connection, incoming=incoming)
    event_process(event_id=event.pk)
    event.refresh_from_db()
    return event


def mock_workflow(http, *, status: str = ONBOARDING, workflow_id: str = "88431"):
    """The recruiting workflow as iCIMS shows it now: the flow reads it again, whatever the event said."""
    data = load("icims_workflow")
    http.get(f"{ICIMS}/customers/{CID}/applicantworkflows/{workflow_id}", json={**data, "status": {"id": status}})


def mock_creation(http, *, existing=None):
    mock_workflow(http)
    mock_workflow(http, workflow_id="88432")
    http.get(f"{ICIMS}/customers/{CID}/people/{PERSON_ID}", json=load("icims_person"))
    if existing is None:
        http.get(f"{CRED}/api/profile/find", status=404, json={"status": 404, "message": "Profile not found"})
    else:
        http.get(f"{CRED}/api/profile/find", json=existing)
    http.get(f"{CRED}/api/profile/metadata", json=load("credentially_metadata"))
    http.put(f"{CRED}/api/profile", status=201, json=load("credentially_create_staff"))


def records(flow_key="compliance.staff_from_ats"):
    from sync.models import Record

    return list(Record.objects.filter(run__flow__key=flow_key).order_by("id"))


def test_stage_change_creates_staff_member_with_minimal_data(trigger, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Outcome

    mock_creation(http)
    deliver(trigger.ats_connection, load("icims_status_change"))

    [create] = writes(http, "PUT", "/api/profile")
    body = json.loads(create.request.body)
    assert body["email"] == "amara.okafor@example.org"
    assert (body["firstName"], body["lastName"], body["phone"]) == ("Amara", "Okafor", "+1 604 555 0134")
    assert body["roleName"] == "Registered Nurse"
    fields = {f["fieldName"]: f["value"] for f in body["fields"]}
    assert fields == {"atsCandidateId": PERSON_ID, "atsPlacementId": "88431"}
    assert "birthDate" not in body  # minimal data only: the rest flows back from Credentially
    staff = StaffRecord.objects.get()
    assert (staff.profile_id, staff.ats_person_id, staff.ats_workflow_id) == (PROFILE_ID, PERSON_ID, "88431")
    assert [r.outcome for r in records()] == [Outcome.CREATED]


def test_trigger_fired_twice_creates_one_staff_member(trigger, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Outcome

    mock_creation(http)
    again = {**load("icims_status_change"), "oldStatus": "C2070"}  # a new delivery, not a duplicate key
    deliver(trigger.ats_connection, load("icims_status_change"))
    deliver(trigger.ats_connection, {**again, "newStatus": ONBOARDING, "systemId": "88432"})

    assert len(writes(http, "PUT", "/api/profile")) == 1
    assert StaffRecord.objects.count() == 1
    assert [r.outcome for r in records()] == [Outcome.CREATED, Outcome.UNCHANGED]


def test_existing_credentially_email_is_linked_not_created(trigger, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Outcome

    mock_creation(http, existing=load("credentially_profile"))
    deliver(trigger.ats_connection, load("icims_status_change"))

    assert writes(http, "PUT", "/api/profile") == []
    assert StaffRecord.objects.get().profile_id == PROFILE_ID
    assert records()[0].outcome == Outcome.UPDATED


def test_create_refused_as_duplicate_links_the_person_created_meanwhile(trigger, http):
    from mappings.compliance.models import StaffRecord

    mock_workflow(http)
    http.get(f"{ICIMS}/customers/{CID}/people/{PERSON_ID}", json=load("icims_person"))
    http.get(f"{CRED}/api/profile/find", status=404, json={"message": "Profile not found"})
    http.get(f"{CRED}/api/profile/find", json=load("credentially_profile"))
    http.get(f"{CRED}/api/profile/metadata", json=load("credentially_metadata"))
    http.put(f"{CRED}/api/profile", status=409, json={"message": "email already used"})
    deliver(trigger.ats_connection, load("icims_status_change"))

    assert StaffRecord.objects.get().profile_id == PROFILE_ID


def test_stage_not_configured_is_skipped_with_a_reason(trigger, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Outcome

    mock_workflow(http, status="C2047")  # Certn's stage
    deliver(trigger.ats_connection, {**load("icims_status_change"), "newStatus": "C2047"})

    assert len(http.calls) == 1  # the workflow read again, nothing else
    assert StaffRecord.objects.count() == 0
    [skip] = records()
    assert skip.outcome == Outcome.SKIPPED
    assert "C2047 is not a Credentially stage trigger" in skip.message


def test_an_event_naming_a_trigger_stage_creates_nobody_when_icims_shows_another(trigger, http):
    """A webhook is a hint: the body says Onboarding, the workflow in iCIMS is at Offer Accepted."""
    from mappings.compliance.models import StaffRecord

    mock_workflow(http, status="C2047")
    deliver(trigger.ats_connection, load("icims_status_change"))  # newStatus: Onboarding (C2060)

    assert writes(http, "PUT", "/api/profile") == [] and StaffRecord.objects.count() == 0
    [skip] = records()
    assert "C2047 is not a Credentially stage trigger" in skip.message


def test_an_account_without_stage_triggers_is_skipped_without_a_call(trigger, http):
    trigger.is_active = False
    trigger.save()
    deliver(trigger.ats_connection, load("icims_status_change"))
    assert len(http.calls) == 0 and "no Credentially stage triggers" in records()[0].message


def test_candidate_without_email_fails_with_a_reason_and_creates_nothing(trigger, http):
    from sync.models import Outcome

    person = {k: v for k, v in load("icims_person").items() if k != "email"}
    mock_workflow(http)
    http.get(f"{ICIMS}/customers/{CID}/people/{PERSON_ID}", json=person)
    deliver(trigger.ats_connection, load("icims_status_change"))

    assert writes(http, "PUT", "/api/profile") == []
    [failed] = records()
    assert failed.outcome == Outcome.FAILED
    assert "no e-mail address" in failed.message


def test_polling_finds_candidates_at_the_trigger_stage(trigger, http):
    from mappings.compliance.models import StaffRecord
    from sync.flows.compliance.staff_creation import FLOW_KEY
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row, run_execute

    http.post(
        f"{ICIMS}/customers/{CID}/search/applicantworkflows",
        json={"searchResults": [{"id": 88431, "self": f"{ICIMS}/customers/{CID}/applicantworkflows/88431"}]},
    )
    http.get(f"{ICIMS}/customers/{CID}/applicantworkflows/88431", json=load("icims_workflow"))
    mock_creation(http)
    run = Run.objects.create(flow=flow_row(FLOW_KEY), trigger=Trigger.MANUAL)
    run_execute(run_id=run.pk)

    [search] = writes(http, "POST", "/search/applicantworkflows")
    assert {"name": "applicantworkflow.status", "value": [ONBOARDING], "operator": "="} in json.loads(
        search.request.body
    )["filters"]
    staff = StaffRecord.objects.get()
    assert (staff.ats_person_id, staff.ats_workflow_id) == ("20411", "88431")


def test_scheduled_poll_waits_for_the_connection_interval(trigger, http):
    from sync.flows.compliance.staff_creation import FLOW_KEY
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row, run_execute

    http.post(f"{ICIMS}/customers/{CID}/search/applicantworkflows", json={"searchResults": []})
    trigger.ats_connection.settings = {**trigger.ats_connection.settings, "stage_poll_minutes": 10}
    trigger.ats_connection.save()
    for _ in range(2):
        run = Run.objects.create(flow=flow_row(FLOW_KEY), trigger=Trigger.SCHEDULE)
        run_execute(run_id=run.pk)

    assert len(writes(http, "POST", "/search/applicantworkflows")) == 1  # the second tick is inside the interval
