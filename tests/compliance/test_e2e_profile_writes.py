"""End to end: the REST API's write path on the real server, written to the Credentially sandbox by a
real worker through the flow "REST API -> Credentially" (a run and a record, a retry, a replay)."""

import pytest
import requests

from integrations.credentially.sandbox.models import Profile
from integrations.icims.sandbox.seed import STATUS_INTERVIEW
from integrations.sandbox.models import SandboxFault
from mappings.compliance.models import StaffRecord
from sync.models import EventStatus, InboundEvent, Record
from tests.compliance.live_steps import admin_session, seed_sandboxes, workflow_at
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _token() -> str:
    from django.contrib.auth.models import Permission, User
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user("ats-bot", password="x" * 16)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_staffrecord", "change_staffrecord"]))
    return Token.objects.create(user=user).key


def _onboard(live_hub, ats) -> StaffRecord:
    workflow = workflow_at(ats, STATUS_INTERVIEW)
    ats.client().move_workflow(workflow.id, "C2060")  # Onboarding: a stage trigger of the demo
    return wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id, last_synced_at__isnull=False).first(),
        message=f"the staff member created and synced\n{live_hub.log_tail()}",
    )


def test_a_rest_write_reaches_credentially_through_a_flow_with_retries_and_replay(live_hub):
    ats, _ = seed_sandboxes()
    staff = _onboard(live_hub, ats)
    api = requests.Session()
    api.headers["Authorization"] = f"Token {_token()}"
    person = f"{live_hub.url}/api/people/{staff.pk}/"

    refused = api.patch(person, json={"last_name": "Chen-Li", "custom_fields": {"shoeSize": "9"}}, timeout=30)
    assert refused.status_code == 400
    assert "only when it creates a staff member" in refused.json()["last_name"][0]
    assert "Credentially has no custom field 'shoeSize'" in refused.json()["custom_fields"]["shoeSize"][0]

    accepted = api.patch(person, json={"registration_number": "91A2345B", "custom_fields": {"employeeNumber": "E-7"}})
    assert accepted.status_code == 202, accepted.text
    write = accepted.json()["id"]
    wait_until(
        lambda: api.get(person + "writes/", timeout=30).json()[0]["status"] == "succeeded",
        message=f"the write done by the worker\n{live_hub.log_tail()}",
    )
    [done] = api.get(person + "writes/", timeout=30).json()
    assert (done["id"], done["outcome"]) == (write, "updated")
    assert done["message"] == "wrote custom.employeeNumber, registrationNumber"
    profile = Profile.objects.get(public_id=staff.profile_id)
    assert (profile.registration_number, profile.custom_fields["employeeNumber"]) == ("91A2345B", "E-7")
    wait_until(  # the sync that follows the write brings Credentially's values back to the mirror
        lambda: api.get(person, timeout=30).json()["custom_fields"].get("employeeNumber") == "E-7",
        message="the write synced back",
    )

    SandboxFault.objects.update_or_create(system="credentially", defaults={"fail_next": 4, "error_status": 503})
    retried = api.patch(person, json={"custom_fields": {"employeeNumber": "E-8"}}, timeout=30).json()["id"]
    event = wait_until(
        lambda: InboundEvent.objects.filter(pk=retried, status=EventStatus.RETRYING).first(),
        message=f"the write waiting for a retry after Credentially's outage\n{live_hub.log_tail()}",
    )
    assert event.attempts == 1 and event.next_attempt_at is not None and "503" in event.last_error
    assert Profile.objects.get(pk=profile.pk).custom_fields["employeeNumber"] == "E-7"

    session, csrf = admin_session(live_hub)  # the admin does not wait for the backoff: Replay
    page = f"{live_hub.url}/admin/sync/inboundevent/"
    session.post(
        page,
        data={"action": "replay", "_selected_action": [retried], "csrfmiddlewaretoken": csrf},
        headers={"Referer": page},
        timeout=30,
    )
    wait_until(
        lambda: InboundEvent.objects.filter(pk=retried, status=EventStatus.SUCCEEDED).exists(),
        message=f"the replayed write done\n{live_hub.log_tail()}",
    )
    assert Profile.objects.get(pk=profile.pk).custom_fields["employeeNumber"] == "E-8"
    assert Record.objects.filter(run__event_id=retried, outcome="updated").count() == 1
