"""Profile values queued through the REST API are written to Credentially by a worker task."""

import json

import pytest

from tests.compliance.conftest import CRED, load, writes

pytestmark = pytest.mark.django_db


def test_queued_profile_values_are_written_to_credentially_and_cleared(staff, http):
    from mappings.compliance.models import StaffRecord
    from sync.flows.compliance.tasks import push_profile_update

    StaffRecord.objects.filter(pk=staff.pk).update(pending_update={"uniformSize": "L", "registrationNumber": "9"})
    http.patch(f"{CRED}/api/profile", json={"profileDto": load("credentially_profile")})
    push_profile_update(staff.pk)
    push_profile_update(staff.pk)  # a second run of the task has nothing left to send

    [call] = writes(http, "PATCH", "/api/profile")
    body = json.loads(call.request.body)
    assert body["email"] == "amara.okafor@example.org"
    assert body["registrationNumber"] == "9"
    assert body["fields"] == [{"fieldName": "uniformSize", "value": "L"}]
    assert StaffRecord.objects.get().pending_update == {}
