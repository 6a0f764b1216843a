"""Profile values sent to the REST API are written to Credentially by a flow: a run and a record per
write, retries on an outage, a failed record (replayable) when Credentially refuses."""

import json

import pytest

from tests.compliance.conftest import CRED, load, writes

pytestmark = pytest.mark.django_db
METADATA = {"profileFields": [{"name": "uniformSize", "jsonSchema": {"type": "string"}}], "roles": []}


def ask(staff, values: dict):
    from sync.flows.compliance.profile_writes import write_request

    return write_request(staff=staff, values=values)


def process(event):
    from sync.services.processing import event_process

    event_process(event_id=event.pk)
    event.refresh_from_db()
    return event


def records():
    from sync.models import Record

    return list(Record.objects.filter(run__flow__key="compliance.profile_to_credentially").order_by("id"))


def test_a_write_is_patched_to_credentially_recorded_and_followed_by_a_sync(staff, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Run

    http.get(f"{CRED}/api/profile/metadata", json=METADATA)
    http.patch(f"{CRED}/api/profile", json={"customFieldUpdateResult": "SUCCESS", "profileDto": {}})
    event = process(ask(staff, {"uniformSize": "L", "registrationNumber": "9"}))

    assert event.status == "succeeded"
    [call] = writes(http, "PATCH", "/api/profile")
    assert json.loads(call.request.body) == {
        "email": "amara.okafor@example.org",
        "registrationNumber": "9",
        "fields": [{"fieldName": "uniformSize", "value": "L"}],
    }
    [record] = records()
    assert (record.outcome, record.message) == ("updated", "wrote custom.uniformSize, registrationNumber")
    assert StaffRecord.objects.get().pending_update == {}
    assert Run.objects.get(flow__key="compliance.sync_back").params["profile_ids"] == [staff.profile_id]


def test_two_requests_before_the_worker_write_the_latest_values_once(staff, http):
    http.get(f"{CRED}/api/profile/metadata", json=METADATA)
    http.patch(f"{CRED}/api/profile", json={"customFieldUpdateResult": "SUCCESS", "profileDto": {}})
    first, second = ask(staff, {"uniformSize": "M"}), ask(staff, {"uniformSize": "L"})
    process(second)
    process(first)  # taken after the later one: nothing is left, nothing older is written over it

    [call] = writes(http, "PATCH", "/api/profile")
    assert json.loads(call.request.body)["fields"] == [{"fieldName": "uniformSize", "value": "L"}]
    assert [r.outcome for r in records()] == ["updated", "unchanged"]


def test_an_outage_retries_the_write_with_backoff_and_keeps_the_values(staff, http):
    from mappings.compliance.models import StaffRecord

    http.get(f"{CRED}/api/profile/metadata", json=METADATA)
    http.patch(f"{CRED}/api/profile", status=503, json={"message": "maintenance"})
    event = process(ask(staff, {"uniformSize": "L"}))

    assert event.status == "retrying" and event.next_attempt_at is not None
    assert "503" in event.last_error and "maintenance" in event.error_detail  # words, then the detail
    assert StaffRecord.objects.get().pending_update == {"uniformSize": "L"}  # kept for the next attempt


def test_custom_fields_credentially_did_not_take_fail_the_record_which_a_replay_writes_again(staff, http):
    from sync.models import Record
    from sync.services.runs import records_replay, run_execute

    http.get(f"{CRED}/api/profile/metadata", json=METADATA)
    refused = http.patch(f"{CRED}/api/profile", json={"customFieldUpdateResult": "FAILED", "profileDto": {}})
    event = process(ask(staff, {"uniformSize": "L"}))
    [failed] = records()
    assert event.status == "succeeded" and failed.outcome == "failed"
    assert "Credentially took the request but not its custom fields (FAILED)" in failed.message

    http.remove(refused)
    http.patch(f"{CRED}/api/profile", json={"customFieldUpdateResult": "SUCCESS", "profileDto": {}})
    [run] = records_replay(record_ids=[failed.pk])
    run_execute(run_id=run.pk)
    assert Record.objects.get(run=run).outcome == "updated"
    assert json.loads(writes(http, "PATCH", "/api/profile")[-1].request.body)["fields"][0]["value"] == "L"


def test_a_field_credentially_no_longer_has_is_not_sent_and_says_what_to_do(staff, http):
    from mappings.compliance.models import StaffRecord

    http.get(f"{CRED}/api/profile/metadata", json=load("credentially_metadata"))  # no uniformSize (removed)
    process(ask(staff, {"uniformSize": "L"}))
    [failed] = records()
    assert failed.outcome == "failed" and "Credentially has no custom field uniformSize" in failed.message
    assert "then replay this record" in failed.message
    assert writes(http, "PATCH", "/api/profile") == []
    assert StaffRecord.objects.get().pending_update == {}


def test_an_e_mail_changed_in_credentially_since_the_last_sync_does_not_lose_the_write(staff, http):
    from responses import matchers

    def by(email):
        return [matchers.json_params_matcher({"email": email}, strict_match=False)]

    http.get(f"{CRED}/api/profile/metadata", json=METADATA)
    http.patch(f"{CRED}/api/profile", status=404, json={"message": "Profile not found"}, match=by(staff.email))
    moved = {**load("credentially_profile"), "email": "new@example.org"}
    http.get(f"{CRED}/api/profile/{staff.profile_id}", json=moved)
    http.patch(f"{CRED}/api/profile", json={"customFieldUpdateResult": "SUCCESS"}, match=by("new@example.org"))
    process(ask(staff, {"uniformSize": "L"}))
    assert [r.outcome for r in records()] == ["updated"]
    assert json.loads(writes(http, "PATCH", "/api/profile")[-1].request.body)["email"] == "new@example.org"


def test_the_connection_check_lists_the_writable_custom_fields_and_keeps_them(connections, http):
    from mappings.compliance.models import ProfileFieldCatalogue
    from sync.flows.compliance.probes_credentially import rest_api_custom_fields

    _, cred = connections
    http.get(f"{CRED}/api/profile/metadata", json=load("credentially_metadata"))
    line = rest_api_custom_fields(cred)
    assert line.status == "passed" and line.detail.startswith("2: atsCandidateId, atsPlacementId")
    assert set(ProfileFieldCatalogue.objects.get(connection=cred).fields) == {"atsCandidateId", "atsPlacementId"}
