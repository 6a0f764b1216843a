"""The Credentially sandbox's webhooks: routing by subscribed type, the subscription API, the hub's
registration and Basic-auth deliveries, the duplicate switch."""

import base64
import json

import pytest
import responses

from integrations.credentially import events
from integrations.credentially.sandbox import EMULATOR, state
from integrations.sandbox.models import SandboxDelivery
from tests.credentially.conftest import HOOKS, _subscribe

pytestmark = pytest.mark.usefixtures("fresh_buckets")


def test_webhook_goes_only_to_subscriptions_of_that_type(org, django_capture_on_commit_callbacks):
    _subscribe(org, kinds=[events.DBS_STATUS_CHANGED])
    chloe = org.profiles.get(email="chloe.nguyen@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        state.right_to_work_update(profile=chloe, status="OK")
        state.dbs_update(profile=chloe, status="BLANK_NO_NEW_INFO")
    assert list(SandboxDelivery.objects.values_list("event_type", flat=True)) == [events.DBS_STATUS_CHANGED]
    assert len(callbacks) == 1


def test_subscription_api_validates_creates_lists_and_deletes(api):
    bad = api(
        "post",
        f"{HOOKS}/subscriptions",
        {"callbackUrl": "ftp://x", "webhookName": "a", "password": "p", "eventTypes": []},
    )
    assert bad.status_code == 400
    body = {
        "callbackUrl": "https://hub.example.org/hooks/c/",
        "webhookName": "integration_hub",
        "password": "c0rrect-h0rse-battery",
        "eventTypes": [events.COMPLIANCE_STATUS_CHANGED],
    }
    created = api("post", f"{HOOKS}/subscriptions", body)
    assert created.status_code == 201 and "password" not in created.json()
    assert [s["id"] for s in api("get", f"{HOOKS}/subscriptions").json()] == [created.json()["id"]]
    assert api("delete", f"{HOOKS}/subscriptions/{created.json()['id']}").status_code == 204
    assert api("delete", f"{HOOKS}/subscriptions/{created.json()['id']}").status_code == 404
    kinds = [e["type"] for e in api("get", f"{HOOKS}/meta/events").json()]
    assert kinds[:2] == [events.COMPLIANCE_STATUS_CHANGED, events.DBS_STATUS_CHANGED]


@responses.activate
def test_register_hub_subscribes_every_event_and_delivers_with_basic_credentials(
    org, django_capture_on_commit_callbacks
):
    EMULATOR.register_hub(url="http://hub.test/hooks/x/", username="crosswalk-x", secret="s" * 43, slug="x")
    EMULATOR.register_hub(url="http://hub.test/hooks/x/", username="crosswalk-x", secret="t" * 43, slug="x")
    (sub,) = org.subscriptions.all()
    assert sub.event_types == list(events.CATALOGUE) and sub.password == "t" * 43
    responses.post("http://hub.test/hooks/x/", status=202, json={"event_id": 1})
    with django_capture_on_commit_callbacks(execute=True):  # tasks run inline: the sandbox worker's job
        state.set_compliance(org.profiles.get(email="ben.carter@example.org"), "COMPLIANT")
    (call,) = responses.calls
    assert call.request.headers["Authorization"] == "Basic " + base64.b64encode(b"crosswalk-x:" + b"t" * 43).decode()
    body = json.loads(call.request.body)
    assert (body["eventType"], body["payload"]["complianceStatus"]) == (events.COMPLIANCE_STATUS_CHANGED, "COMPLIANT")
    assert SandboxDelivery.objects.get().status_code == 202


def test_register_hub_refuses_a_name_credentially_would_refuse(org):
    with pytest.raises(ValueError, match="webhookName"):
        EMULATOR.register_hub(url="http://hub.test/h/", username="x" * 51, secret="s" * 43, slug="x")


def test_duplicate_switch_sends_each_callback_twice_with_one_event_id(org, django_capture_on_commit_callbacks):
    _subscribe(org, kinds=[events.RIGHT_TO_WORK_STATUS_CHANGED])
    org.duplicate_percent = 100
    org.save()
    with django_capture_on_commit_callbacks(execute=False):
        state.right_to_work_update(profile=org.profiles.get(email="ben.carter@example.org"), status="OK")
    first, second = (json.loads(d.body) for d in SandboxDelivery.objects.order_by("id"))
    assert first == second and first["payload"]["passed"] is True
