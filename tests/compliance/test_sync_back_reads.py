"""What the sync-back writes comes from a fresh read of Credentially, never from a webhook body, and
a read that finds nothing new writes nothing (Credentially's profile carries no `updated` stamp)."""

import copy
import json
from datetime import timedelta

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.compliance.conftest import (
    CID,
    CRED,
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


def _deliver(connection_, body: dict):
    from integrations.credentially.webhooks import CredentiallyReceiver
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    incoming = CredentiallyReceiver().parse(connection_, json.dumps(body).encode(), None)[0]
    event, _ = event_ingest(connection=connection_, incoming=incoming)
    event_process(event_id=event.pk)


@pytest.mark.parametrize("shape", ["nested", "flat"])
def test_the_ats_gets_what_the_api_says_when_the_webhook_body_disagrees(staff, http, shape):
    """The body claims COMPLIANT; Credentially's API, read afresh, says NOT_COMPLIANT: the API wins."""
    mock_credentially_reads(http)  # the profile fixture: NOT_COMPLIANT
    mock_icims_writes(http)
    body = copy.deepcopy(load("credentially_compliance_changed"))
    body["payload"].update(complianceStatus="COMPLIANT", previousComplianceStatus="NOT_COMPLIANT")
    if shape == "flat":
        body = {"eventType": body["eventType"], **body["payload"]}
    _deliver(staff.credentially_connection, body)

    profile_reads = [c for c in http.calls if c.request.url.endswith(f"/api/profile/{PROFILE_ID}")]
    assert len(profile_reads) == 1
    [patch] = writes(http, "PATCH", PERSON_PATH)
    assert json.loads(patch.request.body)["credentiallycompliancestatus"] == "Not compliant"
    staff.refresh_from_db()
    assert staff.compliance_status == "NOT_COMPLIANT"


def test_a_read_with_nothing_new_writes_nothing_but_the_time_of_the_read(staff, http):
    from sync.flows.compliance.sync_back import ComplianceClients, sync_person

    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    staff.refresh_from_db()
    before = staff.last_synced_at
    http.calls.reset()

    with CaptureQueriesContext(connection) as queries:
        result = sync_person(staff, ComplianceClients())
    written = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")]
    assert result.outcome == "unchanged" and result.write_calls == 0
    assert len(written) == 1 and "last_synced_at" in written[0]  # no document upsert, no mirror, no hash
    assert [c.request.method for c in http.calls] == ["GET"] * 6  # the six reads, no ATS call
    staff.refresh_from_db()
    assert staff.last_synced_at > before


def test_a_mapping_changed_since_the_last_read_is_written_although_credentially_did_not_change(staff, http):
    from mappings.compliance.models import FieldMapping

    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    FieldMapping.objects.create(
        ats_connection=staff.ats_connection, credentially_field="gender", ats_field="field70003", is_custom=True
    )
    http.calls.reset()
    run_sync_back(staff.credentially_connection)

    [patch] = writes(http, "PATCH", PERSON_PATH)
    assert "field70003" in json.loads(patch.request.body)


def test_without_a_phone_field_a_phone_mapping_row_leaves_the_ats_phone_alone(staff, http):
    from mappings.compliance.models import FieldMapping

    FieldMapping.objects.create(
        ats_connection=staff.ats_connection, credentially_field="phone", ats_field="field70004", is_custom=True
    )
    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)

    [patch] = writes(http, "PATCH", PERSON_PATH)
    assert "field70004" not in json.loads(patch.request.body)


def test_the_phone_is_synced_back_only_from_the_custom_field_the_connection_names(staff, http):
    from mappings.compliance.models import FieldMapping

    cred = staff.credentially_connection
    cred.settings = {**cred.settings, "phone_field": "mobile"}
    cred.save(update_fields=["settings"])
    FieldMapping.objects.create(
        ats_connection=staff.ats_connection, credentially_field="phone", ats_field="field70004", is_custom=True
    )
    profile = load("credentially_profile")
    profile["customProfileFields"].append({"shortName": "mobile", "name": "Mobile", "value": "+447700900123"})
    mock_credentially_reads(http, profile=profile)
    mock_icims_writes(http)
    run_sync_back(cred)

    [patch] = writes(http, "PATCH", PERSON_PATH)
    assert json.loads(patch.request.body)["field70004"] == "+447700900123"


def _staff_list(http, *, replace: bool = False, **changes):
    """Credentially's staff list (`GET /api/profile`) holding the person, with `changes` applied."""
    entry = {k: v for k, v in load("credentially_profile").items() if k not in ("checklists", "tags")}
    page = {"content": [{**entry, **changes}], "totalPages": 1, "totalElements": 1, "size": 1000, "number": 0}
    (http.replace if replace else http.add)(responses.GET, f"{CRED}/api/profile", json=page)


def _full_read_hours(staff, hours):
    cred = staff.credentially_connection
    cred.settings = {**cred.settings, "full_read_hours": hours}
    cred.save(update_fields=["settings"])


def test_with_full_read_hours_a_person_unchanged_in_the_staff_list_is_not_read_again(staff, http):
    from sync.models import Record

    _full_read_hours(staff, 24)
    mock_credentially_reads(http)
    mock_icims_writes(http)
    _staff_list(http)
    first = run_sync_back(staff.credentially_connection)
    second = run_sync_back(staff.credentially_connection)

    assert first.checkpoint["calls"]["credentially"] == 1 + 6 + 1  # the list, the six reads, one file
    assert second.checkpoint["calls"] == {"credentially": 1, "ats": 0}  # the list alone
    assert "not read" in Record.objects.get(run=second).message


@pytest.mark.parametrize("why", ["changed in the list", "last full read too old", "setting off"])
def test_a_person_is_read_in_full_when_the_list_cannot_vouch_for_them(staff, http, why):
    from mappings.compliance.models import StaffRecord

    _full_read_hours(staff, 24)
    mock_credentially_reads(http)
    mock_icims_writes(http)
    _staff_list(http)
    run_sync_back(staff.credentially_connection)
    if why == "changed in the list":
        _staff_list(http, replace=True, complianceStatus="COMPLIANT")
    elif why == "last full read too old":
        StaffRecord.objects.update(last_synced_at=timezone.now() - timedelta(hours=25))
    else:
        _full_read_hours(staff, 0)
    run = run_sync_back(staff.credentially_connection)
    assert run.checkpoint["calls"]["credentially"] >= 6
