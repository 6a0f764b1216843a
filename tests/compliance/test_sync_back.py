"""Phase 2: Credentially -> iCIMS through the field mapping; only what changed is written."""

import copy
import json

import pytest
import time_machine

from tests.compliance.conftest import (
    CID,
    ICIMS,
    PERSON_ID,
    PROFILE_ID,
    load,
    mock_credentially_reads,
    mock_icims_writes,
    run_sync_back,
    writes,
)

pytestmark = pytest.mark.django_db
PERSON_PATH = f"/customers/{CID}/people/{PERSON_ID}"


def patched(http) -> dict:
    [call] = writes(http, "PATCH", PERSON_PATH)
    return json.loads(call.request.body)


def test_first_sync_writes_compliance_checks_references_and_onboarding(staff, http):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    body = patched(http)
    assert body["credentiallycompliancestatus"] == "Not compliant"  # standard value map
    assert body["credentiallycompliancereasons"] == "REFERENCE_AWAITING_APPROVAL"
    assert body["credentiallyrequirements"].splitlines() == [
        "Clinical reference: NOT_COMPLIANT",
        "DBS Update Service: COMPLIANT",
        "Passport: COMPLIANT",
    ]
    assert body["credentiallyrequirementsmet"] == "2/3"
    assert body["credentiallydbsstatus"] == "BLANK_NO_NEW_INFO"
    assert body["credentiallyrighttowork"] == "OK"
    assert body["credentiallyregistrationstatus"] == "Registered"
    assert body["field50011"] == "91A2345B"
    assert body["birthdate"] == "1991-07-23"
    assert body["credentiallyreferencestatus"] == "MISSING"
    assert body["credentiallyonboardingprogress"] == "1/2"
    assert (
        "Passport v1, file 733412 passport-2026.pdf, issued 2024-02-10, expires 2034-02-09, no. 533380006"
        in (body["credentiallydocuments"])
    )


def test_second_sync_with_nothing_new_writes_nothing(staff, http):
    from sync.models import Outcome, Record

    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    first_writes = [c for c in http.calls if c.request.method != "GET"]
    run = run_sync_back(staff.credentially_connection)

    assert [c for c in http.calls if c.request.method != "GET"] == first_writes
    assert Record.objects.get(run=run).outcome == Outcome.UNCHANGED


def test_compliance_change_writes_only_the_compliance_fields(staff, http):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    http.calls.reset()
    http.reset()
    compliant = {**load("credentially_profile"), "complianceStatus": "COMPLIANT", "complianceStatusTags": []}
    mock_credentially_reads(http, profile=compliant)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert patched(http) == {"credentiallycompliancestatus": "Compliant", "credentiallycompliancereasons": ""}
    staff.refresh_from_db()
    assert staff.compliance_status == "COMPLIANT"


def test_custom_mapping_row_for_the_connection_writes_a_custom_field(staff, http):
    from mappings.compliance.models import FieldMapping

    FieldMapping.objects.create(
        ats_connection=staff.ats_connection,
        credentially_field="custom.uniformSize",
        ats_field="field70001",
        is_custom=True,
    )
    FieldMapping.objects.create(
        ats_connection=staff.ats_connection,
        credentially_field="checks.dbs.printDate",
        ats_field="field70002",
        transform="date",
        transform_options={"format": "%d/%m/%Y"},
    )
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    body = patched(http)
    assert (body["field70001"], body["field70002"]) == ("M", "14/11/2025")


def test_switched_off_mapping_row_is_not_written(staff, http):
    from mappings.compliance.models import FieldMapping

    FieldMapping.objects.filter(credentially_field="birthDate").update(is_active=False)
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert "birthdate" not in patched(http)


def test_credentially_webhook_syncs_the_person_and_a_duplicate_delivery_is_stored_once(staff, http):
    from integrations.credentially.webhooks import CredentiallyReceiver
    from sync.models import InboundEvent
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    mock_credentially_reads(http)
    mock_icims_writes(http)
    body = json.dumps(load("credentially_compliance_changed")).encode()
    for _ in range(2):  # Credentially retries; the event id dedupes
        incoming = CredentiallyReceiver().parse(staff.credentially_connection, body, None)[0]
        event, created = event_ingest(connection=staff.credentially_connection, incoming=incoming)
        if created:
            event_process(event_id=event.pk)

    assert InboundEvent.objects.count() == 1
    assert len(writes(http, "PATCH", PERSON_PATH)) == 1


def test_webhook_for_a_profile_not_from_the_ats_is_skipped(connections, http):
    from integrations.credentially.webhooks import CredentiallyReceiver
    from sync.models import Outcome, Record
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    _, cred = connections
    payload = copy.deepcopy(load("credentially_compliance_changed"))
    payload["payload"]["profileId"] = "someone-else"
    incoming = CredentiallyReceiver().parse(cred, json.dumps(payload).encode(), None)[0]
    event, _ = event_ingest(connection=cred, incoming=incoming)
    event_process(event_id=event.pk)

    assert len(http.calls) == 0
    assert Record.objects.get().outcome == Outcome.SKIPPED


def test_scheduled_poll_respects_the_connection_interval(staff, http):
    from sync.flows.compliance.sync_back import FLOW_KEY
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row, run_execute

    mock_credentially_reads(http)
    mock_icims_writes(http)
    for _ in range(2):
        run = Run.objects.create(flow=flow_row(FLOW_KEY), trigger=Trigger.SCHEDULE)
        run_execute(run_id=run.pk)

    assert len(writes(http, "GET", f"/api/profile/{PROFILE_ID}")) == 1  # default 15 minutes not yet passed


def test_mirror_holds_checks_references_and_requirements(staff, http):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    staff.refresh_from_db()
    assert staff.checks["dbs"][0]["certificateNumber"] == "001122334455"
    assert staff.references["references"][0]["title"] == "Employment reference"
    assert len(staff.requirements) == 3
    assert staff.onboarding["stepsTotal"] == 2
    assert staff.custom_fields["uniformSize"] == "M"
    assert ICIMS in writes(http, "PATCH", PERSON_PATH)[0].request.url


@pytest.mark.django_db(transaction=True)
def test_people_are_synced_by_several_threads_when_the_connection_asks(staff, http):
    from mappings.compliance.models import FieldMapping
    from mappings.compliance.standard import ensure_standard_rows
    from sync.models import Outcome, Record

    ensure_standard_rows(FieldMapping)  # an earlier transactional test's flush removes the migration's rows

    cred = staff.credentially_connection
    cred.settings = {"sync_concurrency": 4}
    cred.save()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run = run_sync_back(cred)

    assert Record.objects.get(run=run).outcome == Outcome.UPDATED
    assert run.checkpoint["calls"] == {"credentially": 7, "ats": 3}  # six reads + a download; PATCH + group + its file
    assert run.checkpoint["stats"]["writes"] == 2


def test_people_of_a_switched_off_ats_connection_are_not_polled(staff, http):
    staff.ats_connection.enabled = False
    staff.ats_connection.save()
    run = run_sync_back(staff.credentially_connection)

    assert len(http.calls) == 0
    assert run.read == 0


def test_long_rate_limit_pauses_the_poll_and_it_resumes_where_it_stopped(staff, http):
    from django.utils import timezone

    from sync.models import RunStatus
    from sync.services.runs import run_execute

    http.get(f"https://cred.test/gateway/api/profile/{PROFILE_ID}", status=429, headers={"Retry-After": "30"})
    run = run_sync_back(staff.credentially_connection)

    assert run.status == RunStatus.RUNNING
    assert run.message.startswith("Paused: Credentially asked Crosswalk to slow down (429")
    assert "status: 429" in run.error_detail
    assert run.checkpoint["after"] == 0 and run.read == 0
    http.reset()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31)):  # the wait Credly asked for
        run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.read, run.updated) == (RunStatus.SUCCEEDED, 1, 1)


def test_ats_calls_are_counted_per_day_against_the_licence(staff, http):
    from mappings.compliance.models import AtsCallDay

    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    assert AtsCallDay.objects.get(connection=staff.ats_connection).calls == 3  # one PATCH, one document group, its file


def test_spent_daily_call_budget_pauses_the_poll_until_midnight(staff, http):
    from django.utils import timezone

    from mappings.compliance.models import AtsCallDay
    from sync.models import RunStatus

    staff.ats_connection.settings = {**staff.ats_connection.settings, "daily_call_budget": 100}
    staff.ats_connection.save()
    AtsCallDay.objects.create(connection=staff.ats_connection, day=timezone.now().date(), calls=100)
    run = run_sync_back(staff.credentially_connection)

    assert len(http.calls) == 0
    assert run.status == RunStatus.RUNNING and run.message.startswith("Paused: the daily call budget of 100 calls")
    assert run.lease_until.date() > timezone.now().date()
