"""CredentiallyClient writes and the bodies it sends: staff created and patched (custom fields logged
without values), multipart uploads, placements, webhook subscriptions on the webhook-gateway base."""

import pytest
import responses

from integrations.credentially import events
from integrations.credentially.subscriptions import subscription_replace
from tests.credentially.helpers import BASE, HOOKS, KEY, PROFILE_ID, _body, make_client
from tests.credentially.samples import sample


@pytest.fixture
def client():
    return make_client()


@responses.activate
def test_create_staff_puts_role_name_group_and_external_id_field(client):
    responses.get(f"{BASE}/api/profile/metadata", json=sample("api/profile_metadata"))
    responses.get(f"{BASE}/api/profile/groups", json=sample("api/groups"))
    responses.put(f"{BASE}/api/profile", json=sample("api/create_profile"), status=201)
    profile = client.create_staff(
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.org",
        phone="+447700900123",
        role_id=31,
        organisation_id="grp-7f2a91",
        external_id="20411",
    )
    body = _body(responses.calls[2])
    assert body == {
        "email": "amara.okafor@example.org",
        "firstName": "Amara",
        "lastName": "Okafor",
        "roleName": "Registered Nurse",
        "sendInviteEmail": True,
        "forceActivate": False,
        "phone": "+447700900123",
        "groups": [{"id": "grp-7f2a91", "name": "North Trust - ICU"}],
        "fields": [{"fieldName": "atsCandidateId", "value": "20411"}],
    }
    assert profile["id"] == PROFILE_ID


@responses.activate
def test_create_staff_with_an_unknown_role_fails_before_any_write(client):
    responses.get(f"{BASE}/api/profile/metadata", json=sample("api/profile_metadata"))
    with pytest.raises(ValueError, match="no role"):
        client.create_staff(first_name="A", last_name="B", email="a@example.org", role_id="Astronaut")
    assert [c.request.method for c in responses.calls] == ["GET"]


@responses.activate
def test_update_staff_patches_by_email_with_custom_fields(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    responses.patch(f"{BASE}/api/profile", json=sample("api/create_profile"))
    client.update_staff(PROFILE_ID, {"atsPlacementId": "88431", "registrationNumber": "91A2345B"})
    assert _body(responses.calls[1]) == {
        "email": "amara.okafor@example.org",
        "registrationNumber": "91A2345B",
        "fields": [{"fieldName": "atsPlacementId", "value": "88431"}],
    }


@responses.activate
def test_custom_fields_not_saved_are_logged_without_values(client, caplog):
    answer = {**sample("api/create_profile"), "customFieldUpdateResult": "UNKNOWN_FIELDS: shoeSize"}
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    responses.patch(f"{BASE}/api/profile", json=answer)
    client.update_staff(PROFILE_ID, {"shoeSize": "secret-value-42"})
    assert "UNKNOWN_FIELDS: shoeSize" in caplog.text and "secret-value-42" not in caplog.text


@responses.activate
def test_upload_sends_multipart_with_json_data_and_file(client):
    responses.put(f"{BASE}/api/documents/{PROFILE_ID}", json={"message": "uploaded"})
    client.upload_document(
        PROFILE_ID,
        uploader_id=PROFILE_ID,
        document_type_key="PASSPORT",
        filename="p.pdf",
        content=b"%PDF-1.4 x",
        content_type="application/pdf",
    )
    request = responses.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="data"' in request.body and b'"documentTypeKey": "PASSPORT"' in request.body
    assert b'name="file"; filename="p.pdf"' in request.body and b"%PDF-1.4 x" in request.body


@responses.activate
def test_create_placement_posts_only_the_given_fields(client):
    responses.post(f"{BASE}/api/placements", json=sample("api/placement"), status=201)
    placement = client.create_placement(
        employee_id=PROFILE_ID, role_id="r", location_id="l", start_date="2026-04-06", compliance_package_ids=["p1"]
    )
    assert _body(responses.calls[0]) == {
        "employeePublicId": PROFILE_ID,
        "rolePublicId": "r",
        "locationPublicId": "l",
        "startDate": "2026-04-06",
        "compliancePackageIds": ["p1"],
    }
    assert placement["status"] == "PENDING"


@responses.activate
def test_subscriptions_live_on_the_webhook_gateway_base(client):
    responses.get(f"{HOOKS}/meta/events", json=sample("api/meta_events"))
    responses.post(f"{HOOKS}/subscriptions", json=sample("api/subscription"), status=201)
    responses.get(f"{HOOKS}/subscriptions", json=sample("api/subscription"))
    responses.delete(f"{HOOKS}/subscriptions/4d3c2b1a-0f9e-4d8c-b7a6-958473625140", status=204)
    kinds = [e["type"] for e in client.list_event_types()]
    created = client.create_subscription(
        callback_url="https://hub.example.org/hooks/credentially",
        webhook_name="integration_hub",
        password="c0rrect-h0rse-battery",
        event_types=kinds,
    )
    kinds_sent = _body(responses.calls[1])["eventTypes"]
    assert kinds_sent == [events.COMPLIANCE_STATUS_CHANGED, events.DBS_STATUS_CHANGED]
    assert responses.calls[1].request.headers["Authorization"] == f"Bearer {KEY}"
    assert [s["id"] for s in client.list_subscriptions()] == [created["id"]]  # a single object becomes a list
    client.delete_subscription(created["id"])
    assert responses.calls[3].request.method == "DELETE"


@responses.activate
def test_subscription_replace_deletes_the_old_one_and_subscribes_every_catalogued_type(client):
    url = "https://hub.example.org/hooks/credentially"
    responses.get(f"{HOOKS}/meta/events", json=sample("api/meta_events"))
    responses.get(
        f"{HOOKS}/subscriptions", json=[{"id": "old", "callbackUrl": url}, {"id": "other", "callbackUrl": "x"}]
    )
    responses.delete(f"{HOOKS}/subscriptions/old", status=204)
    responses.post(f"{HOOKS}/subscriptions", json=sample("api/subscription"), status=201)
    subscription_replace(client=client, callback_url=url, webhook_name="crosswalk-c", password="p" * 20)
    assert [c.request.method for c in responses.calls] == ["GET", "GET", "DELETE", "POST"]
    assert _body(responses.calls[3]) == {
        "callbackUrl": url,
        "webhookName": "crosswalk-c",
        "password": "p" * 20,
        "eventTypes": [events.COMPLIANCE_STATUS_CHANGED, events.DBS_STATUS_CHANGED],
    }
