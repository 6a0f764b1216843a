"""CredentiallyClient against recorded answers: headers, paging, bodies, the two bases, error mapping."""

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from integrations.client import NotFound, PermanentError, RateLimited, TransientError, Unauthorized
from integrations.credentially import events
from integrations.credentially.client import PAGE_SIZE, CredentiallyClient, subscription_replace
from integrations.models import Connection
from tests.credentially.samples import sample

BASE = "https://app.credentially.io/gateway"
HOOKS = "https://app.credentially.io/webhook-gateway"
KEY = "eyJhbGciOi.test-key"
PROFILE_ID = "a7b80d86-92ad-452b-8b30-580146e5e1fb"


def make_client(**settings) -> CredentiallyClient:
    conn = Connection(system="credentially", base_url=BASE, credentials={"api_key": KEY}, settings=settings)
    client = CredentiallyClient(conn)
    client.waits = []
    client._sleep = client.waits.append  # record waits instead of sleeping
    return client


@pytest.fixture
def client():
    return make_client()


def _query(call) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(call.request.url).query).items()}


def _body(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_every_call_carries_the_bearer_key_and_api_version(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    profile = client.get_profile(PROFILE_ID)
    headers = responses.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-API-Version"] == "2.0.0"
    assert profile["complianceStatus"] == "COMPLIANT"


def test_region_picks_the_host_when_no_base_url_is_set():
    conn = Connection(system="credentially", region="us", credentials={"api_key": KEY})
    client = CredentiallyClient(conn)
    assert client.base_url == "https://us.credentially.io/gateway"
    assert client.webhook_base_url == "https://us.credentially.io/webhook-gateway"


@responses.activate
def test_profiles_are_paged_at_the_largest_size_until_the_last_page(client):
    responses.get(
        f"{BASE}/api/profile",
        json=sample("api/profiles_page0"),
        match=[responses.matchers.query_param_matcher({"page": "0", "size": str(PAGE_SIZE)})],
    )
    responses.get(
        f"{BASE}/api/profile",
        json=sample("api/profiles_page1"),
        match=[responses.matchers.query_param_matcher({"page": "1", "size": str(PAGE_SIZE)})],
    )
    emails = [p["email"] for p in client.iter_profiles()]
    assert emails == ["amara.okafor@example.org", "ben.carter@example.org", "chloe.nguyen@example.org"]
    assert len(responses.calls) == 2


@responses.activate
def test_updated_since_skips_only_profiles_stamped_older(client):
    content = [
        {"id": "old", "updated": "2026-01-01T00:00:00Z"},
        {"id": "new", "updated": "2026-05-01T00:00:00Z"},
        {"id": "unstamped"},
    ]
    page = {"content": content, "totalPages": 1, "totalElements": 3, "size": 1000, "number": 0}
    responses.get(f"{BASE}/api/profile", json=page)
    ids = [p["id"] for p in client.iter_profiles(updated_since=datetime(2026, 3, 1, tzinfo=UTC))]
    assert ids == ["new", "unstamped"]


@responses.activate
def test_find_by_email_returns_none_on_404(client):
    responses.get(f"{BASE}/api/profile/find", status=404, json={"status": 404, "message": "Profile not found"})
    assert client.find_staff_by_email("nobody@example.org") is None
    assert _query(responses.calls[0]) == {"email": "nobody@example.org"}


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
def test_requirements_are_flattened_with_their_package_and_group(client):
    responses.get(f"{BASE}/api/compliance-packages/{PROFILE_ID}", json=sample("api/profile_compliance_packages"))
    reqs = client.get_requirements(PROFILE_ID)
    assert [(r["id"], r["type"], r["complianceStatus"]) for r in reqs] == [
        ("req-1", "DOCUMENT_TYPE", "COMPLIANT"),
        ("req-2", "INTEGRATION", "COMPLIANT"),
        ("req-3", "REFERENCE_FORM", "NOT_COMPLIANT"),
    ]
    assert reqs[0]["packageName"] == "RN core compliance" and reqs[0]["groupName"] == "Identity & checks"


@responses.activate
def test_documents_show_current_file_and_version_count(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", json=sample("api/documents"))
    (doc,) = client.list_documents(PROFILE_ID)
    assert doc["versions"] == 2 and doc["activeFile"]["id"] == 733412
    assert doc["activeFile"]["extraOcrFields"]["documentNumber"] == "533380006"


@responses.activate
def test_no_documents_is_an_empty_list(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", status=404, json={"message": "Documents not found"})
    assert client.list_documents(PROFILE_ID) == []


@responses.activate
def test_download_takes_the_current_file_and_its_name(client):
    responses.get(f"{BASE}/api/documents/{PROFILE_ID}", json=sample("api/documents"))
    responses.get(
        f"{BASE}/api/documents/download",
        body=b"%PDF-1.4 passport",
        content_type="application/pdf",
        match=[responses.matchers.query_param_matcher({"fileId": "733412"})],
    )
    content, name, kind = client.download_document(PROFILE_ID, "doc-5f1c")
    assert (content, name, kind) == (b"%PDF-1.4 passport", "passport-2026.pdf", "application/pdf")


@responses.activate
def test_download_of_a_missing_file_is_not_found_despite_the_500(client):
    responses.get(f"{BASE}/api/documents/download", status=500, json={"status": 500, "message": "File not found"})
    with pytest.raises(NotFound):
        client.download_document(PROFILE_ID, "doc-5f1c", file_id=1)
    assert len(responses.calls) == 1


@responses.activate
def test_download_sits_out_a_short_rate_limit(client):
    responses.get(f"{BASE}/api/documents/download", status=429, headers={"Retry-After": "1"})
    responses.get(
        f"{BASE}/api/documents/download",
        body=b"bytes",
        content_type="image/png",
        headers={"Content-Disposition": 'attachment; filename="scan.png"'},
    )
    assert client.download_document(PROFILE_ID, "doc", file_id=7) == (b"bytes", "scan.png", "image/png")
    assert client.waits == [1.0]


@responses.activate
def test_checks_gather_dbs_right_to_work_and_registration(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    responses.get(f"{BASE}/api/dbs/{PROFILE_ID}", json=sample("api/dbs_checks"))
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}/right-to-work", json=sample("api/right_to_work"))
    checks = client.get_checks(PROFILE_ID)
    assert checks["dbs"][0]["status"] == "BLANK_NO_NEW_INFO"
    assert checks["rightToWork"]["passed"] is True
    assert checks["professionalRegistration"]["registrationNumber"] == "91A2345B"


@responses.activate
def test_references_and_onboarding_read_back(client):
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}/references", json=sample("api/references"))
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    assert client.list_references(PROFILE_ID)[0]["referee"]["fullName"] == "Dr Alex Johnson"
    onboarding = client.get_onboarding(PROFILE_ID)
    assert (onboarding["status"], onboarding["stepsCompleted"], onboarding["stepsTotal"]) == ("COMPLETED", 1, 1)


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


def test_webhook_base_can_be_overridden():
    assert (
        make_client(webhook_base_url="https://hooks.example.org/wg/").webhook_base_url == "https://hooks.example.org/wg"
    )


@pytest.mark.parametrize(
    ("status", "error"), [(401, Unauthorized), (403, Unauthorized), (404, NotFound), (400, PermanentError)]
)
@responses.activate
def test_error_statuses_map_to_typed_errors(client, status, error):
    responses.get(f"{BASE}/api/profile/x", status=status, json={"status": status, "message": "nope"})
    with pytest.raises(error) as caught:
        client.get_profile("x")
    assert caught.value.status == status and len(responses.calls) == 1


@responses.activate
def test_long_retry_after_raises_rate_limited_for_the_worker_to_reschedule(client):
    responses.get(f"{BASE}/api/profile/x", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        client.get_profile("x")
    assert caught.value.retry_after == 120.0


@responses.activate
def test_short_retry_after_is_sat_out_then_the_call_succeeds(client):
    responses.get(f"{BASE}/api/profile/x", status=429, headers={"Retry-After": "2"})
    responses.get(f"{BASE}/api/profile/x", json={"id": "x"})
    assert client.get_profile("x") == {"id": "x"}
    assert client.waits == [2.0]


@responses.activate
def test_persistent_5xx_is_transient(client):
    responses.get(f"{BASE}/api/profile/x", status=503)
    with pytest.raises(TransientError):
        client.get_profile("x")
    assert len(responses.calls) == client.max_retries + 1


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


@responses.activate
def test_custom_fields_not_saved_are_logged_without_values(client, caplog):
    answer = {**sample("api/create_profile"), "customFieldUpdateResult": "UNKNOWN_FIELDS: shoeSize"}
    responses.get(f"{BASE}/api/profile/{PROFILE_ID}", json=sample("api/profile_detail"))
    responses.patch(f"{BASE}/api/profile", json=answer)
    client.update_staff(PROFILE_ID, {"shoeSize": "secret-value-42"})
    assert "UNKNOWN_FIELDS: shoeSize" in caplog.text and "secret-value-42" not in caplog.text
