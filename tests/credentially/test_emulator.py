"""The Credentially sandbox through Django's test client: auth, staff, documents, webhooks, paging."""

import base64
import io
import json

import pytest
import responses

from integrations.credentially import events
from integrations.credentially.sandbox import EMULATOR, http, state
from integrations.credentially.sandbox.models import DocumentFile, Profile
from integrations.credentially.sandbox.seed import fake_file, seed, seed_bulk
from integrations.sandbox.models import SandboxDelivery

API = "/sandbox/credentially/gateway/api"
HOOKS = "/sandbox/credentially/webhook-gateway"


@pytest.fixture(autouse=True)
def fresh_buckets():
    http._buckets.clear()  # rate buckets are per process; each test starts with full ones


@pytest.fixture
def org(db):
    return seed()


@pytest.fixture
def api(client, org):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {org.api_key}", "HTTP_X_API_VERSION": "2.0.0"}

    def call(method: str, path: str, body=None, **extra):
        url = path if path.startswith("/") else f"{API}/{path}"
        kwargs = {**headers, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method)(url, **kwargs)

    return call


def _subscribe(org, url="http://hub.test/hooks/credentially/", kinds=None):
    return org.subscriptions.create(
        callback_url=url,
        webhook_name="crosswalk-test",
        password="s3cret-pass",
        event_types=kinds or list(events.CATALOGUE),
    )


def test_seed_is_idempotent_with_three_staff_in_different_states(org):
    seed()
    people = {p.email: p for p in Profile.objects.all()}
    assert len(people) == 3
    assert people["amara.okafor@example.org"].compliance_status == "COMPLIANT"
    assert people["ben.carter@example.org"].job_status == "INVITED"
    passport = people["amara.okafor@example.org"].documents.get(type_key="PASSPORT")
    assert passport.files.count() == 2


@pytest.mark.parametrize("header", ["", "Bearer wrong-key", "Basic abc"])
def test_api_without_the_organisation_key_is_401(client, org, header):
    answer = client.get(f"{API}/profile", HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401
    assert answer.json()["status"] == 401 and answer.json()["path"].endswith("/api/profile")


def test_unsupported_api_version_is_400(api):
    assert api("get", "profile", HTTP_X_API_VERSION="1.0.0").status_code == 400


def test_create_staff_starts_invited_and_not_compliant(api):
    body = {
        "email": "dana.ross@example.org",
        "roleName": "Registered Nurse",
        "firstName": "Dana",
        "lastName": "Ross",
        "phone": "+447700900999",
        "fields": [{"fieldName": "atsCandidateId", "value": "77"}],
    }
    answer = api("put", "profile", body)
    assert answer.status_code == 201
    profile = answer.json()["profileDto"]
    assert (profile["jobs"][0]["status"], profile["complianceStatus"]) == ("INVITED", "NOT_COMPLIANT")
    assert {t["key"] for t in profile["complianceStatusTags"]} >= {"DOCUMENTS_MISSING", "REFERENCE_NOT_ENOUGH"}
    assert profile["customProfileFields"][0] == {
        "shortName": "atsCandidateId",
        "name": "ATS candidate ID",
        "value": "77",
    }
    assert api("get", "profile/find?email=dana.ross@example.org").json()["id"] == profile["id"]


def test_create_staff_refuses_an_unknown_role_and_a_taken_email(api):
    assert api("put", "profile", {"email": "x@example.org", "roleName": "Astronaut"}).status_code == 400
    taken = {"email": "ben.carter@example.org", "roleName": "Registered Nurse"}
    assert api("put", "profile", taken).status_code == 409


def test_patch_sets_custom_fields_by_email(api):
    body = {"email": "ben.carter@example.org", "fields": [{"fieldName": "atsPlacementId", "value": "P-9"}]}
    answer = api("patch", "profile", body)
    assert answer.status_code == 200
    fields = {f["shortName"]: f["value"] for f in answer.json()["profileDto"]["customProfileFields"]}
    assert fields == {"atsCandidateId": "20412", "atsPlacementId": "P-9"}
    assert api("patch", "profile", {"email": "nobody@example.org"}).status_code == 404


def test_profiles_page_with_spring_envelope_and_clamped_size(api, org):
    seed_bulk(staff=5, documents_per_person=1)
    first = api("get", "profile?page=0&size=3").json()
    assert (first["totalElements"], first["totalPages"], first["size"], first["number"]) == (8, 3, 3, 0)
    last = api("get", "profile?page=2&size=3").json()
    assert len(last["content"]) == 2
    assert api("get", "profile?size=50000").json()["size"] == http.MAX_PAGE_SIZE


def test_documents_show_current_file_and_count_of_versions(api, org):
    amara = org.profiles.get(email="amara.okafor@example.org")
    docs = {d["type"]["key"]: d for d in api("get", f"documents/{amara.public_id}").json()}
    passport = docs["PASSPORT"]
    assert passport["versions"] == 2 and passport["activeFile"]["issued"] == "2024-02-10"
    assert passport["activeFile"]["extraOcrFields"] == {"documentNumber": "533380006"}
    download = api("get", f"documents/download?fileId={passport['activeFile']['id']}")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-1.4")
    assert download["Content-Disposition"] == 'attachment; filename="passport-2024.pdf"'
    missing = api("get", "documents/download?fileId=1")
    assert missing.status_code == 500 and missing.json()["message"] == "File not found"


def test_new_document_version_counts_up_and_queues_webhooks(api, org, django_capture_on_commit_callbacks):
    _subscribe(org)
    amara = org.profiles.get(email="amara.okafor@example.org")
    before = api("get", f"documents/{amara.public_id}").json()
    with django_capture_on_commit_callbacks() as callbacks:
        state.document_upload(
            profile=amara,
            type_key="PASSPORT",
            filename="passport-2026.pdf",
            content=fake_file(1000),
            content_type="application/pdf",
            number="999",
        )
    passport = next(d for d in api("get", f"documents/{amara.public_id}").json() if d["type"]["key"] == "PASSPORT")
    old = next(d for d in before if d["type"]["key"] == "PASSPORT")
    assert passport["versions"] == 3 and passport["activeFile"]["id"] != old["activeFile"]["id"]
    sent = list(SandboxDelivery.objects.order_by("id"))
    # the new file awaits approval, so Amara is no longer compliant: two events, both queued after commit
    assert [d.event_type for d in sent] == [events.DOCUMENT_UPLOADED, events.COMPLIANCE_STATUS_CHANGED]
    assert len(callbacks) == 2
    body = json.loads(sent[0].body)
    assert body["payload"] == {
        "profileId": amara.public_id,
        "documentId": passport["id"],
        "fileId": passport["activeFile"]["id"],
        "documentTypeKey": "PASSPORT",
        "versions": 3,
    }
    assert sent[0].url == "http://hub.test/hooks/credentially/"


def test_webhook_goes_only_to_subscriptions_of_that_type(org, django_capture_on_commit_callbacks):
    _subscribe(org, kinds=[events.DBS_STATUS_CHANGED])
    chloe = org.profiles.get(email="chloe.nguyen@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        state.right_to_work_update(profile=chloe, status="OK")
        state.dbs_update(profile=chloe, status="BLANK_NO_NEW_INFO")
    assert list(SandboxDelivery.objects.values_list("event_type", flat=True)) == [events.DBS_STATUS_CHANGED]
    assert len(callbacks) == 1


def test_upload_over_the_api_takes_multipart_and_refuses_oversize(api, org, client):
    ben = org.profiles.get(email="ben.carter@example.org")
    data = {"uploaderId": ben.public_id, "documentTypeKey": "CV", "issued": "2026-01-02", "documentNumber": "CV-1"}

    def upload(size: int):
        f = io.BytesIO(fake_file(size))
        f.name = "cv.pdf"
        return client.generic(
            "PUT", f"{API}/documents/{ben.public_id}", **_multipart(data, f), HTTP_AUTHORIZATION=f"Bearer {org.api_key}"
        )

    assert upload(2048).status_code == 200
    (doc,) = api("get", f"documents/{ben.public_id}").json()
    assert (doc["versions"], doc["activeFile"]["size"], doc["activeFile"]["issued"]) == (1, 2048, "2026-01-02")
    assert upload(21 * 1024 * 1024).status_code == 413


def _multipart(data: dict, file) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    file.content_type = "application/pdf"
    body = encode_multipart(BOUNDARY, {"data": json.dumps(data), "file": file})
    return {"data": body, "content_type": MULTIPART_CONTENT}


def test_requirements_checks_and_references_follow_state(api, org):
    chloe = org.profiles.get(email="chloe.nguyen@example.org")
    reqs = {
        r["id"]: r
        for g in api("get", f"compliance-packages/{chloe.public_id}").json()[0]["groups"]
        for r in g["requirements"]
    }
    assert reqs["req-dbs"]["complianceStatus"] == "NOT_COMPLIANT"
    assert reqs["req-passport"]["complianceTags"] == [
        {"key": "DOCUMENTS_AWAITING_APPROVAL", "group": "COMPLIANCE_ERROR"}
    ]
    (dbs,) = api("get", f"dbs/{chloe.public_id}").json()
    assert dbs["status"] == "NEW_INFO" and api("get", f"dbs/{chloe.public_id}/{dbs['id']}").status_code == 200
    assert api("get", f"profile/{chloe.public_id}/right-to-work").json()["status"] == "MISSING"
    refs = api("get", f"profile/{chloe.public_id}/references").json()
    assert refs["status"] == "OK" and refs["references"][0]["referee"]["fullName"] == "Dr Alex Johnson"
    detail = api("get", f"profile/{chloe.public_id}").json()
    assert [s["completed"] for s in detail["checklists"][0]["steps"]] == [True, True, False, False]


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


def test_download_bucket_answers_429_with_retry_after(api, org):
    file_id = org.profiles.get(email="amara.okafor@example.org").documents.first().files.first().file_id
    answers = [api("get", f"documents/download?fileId={file_id}") for _ in range(http.BUCKETS["download-file"] + 1)]
    assert [a.status_code for a in answers[:-1]] == [200] * http.BUCKETS["download-file"]
    assert answers[-1].status_code == 429 and int(answers[-1]["Retry-After"]) >= 1


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


def test_bulk_seed_makes_staff_with_documents_quickly(org):
    import time

    started = time.monotonic()
    seed_bulk(staff=500, documents_per_person=2)
    assert Profile.objects.count() == 503
    assert org.profiles.get(email="bulk3@example.org").documents.count() == 2
    assert time.monotonic() - started < 10


def test_page_action_uploads_a_file_of_the_chosen_size_and_sections_list_state(org, client):
    ben = org.profiles.get(email="ben.carter@example.org")
    answer = client.post(
        "/sandbox/credentially/_actions/upload_document/",
        {
            "person": ben.public_id,
            "type_key": "PASSPORT",
            "size_kb": "30",
            "issued": "2025-01-01",
            "expiry": "2035-01-01",
            "number": "P1",
            "status": "APPROVED",
        },
    )
    assert answer.status_code == 302
    file = ben.documents.get(type_key="PASSPORT").files.get()
    assert (file.size, file.number, str(file.expiry)) == (30 * 1024, "P1", "2035-01-01")
    sections = {s.title: s for s in EMULATOR.sections()}
    assert list(sections) == [
        "Staff",
        "Requirements",
        "Documents (every version)",
        "Checks",
        "References",
        "Webhook subscriptions",
    ]
    assert len(sections["Documents (every version)"].rows) == DocumentFile.objects.count()


@pytest.mark.parametrize(
    ("action", "values", "check"),
    [
        ("update_dbs", {"status": "BLANK_NO_NEW_INFO"}, lambda p: p.dbs_checks.get().status == "BLANK_NO_NEW_INFO"),
        ("update_right_to_work", {"status": "OK"}, lambda p: p.right_to_work.passed),
        (
            "add_reference",
            {"referee_name": "Jo", "referee_email": "jo@example.org"},
            lambda p: p.references.count() == 1,
        ),
        ("set_onboarding", {"steps_completed": "4"}, lambda p: all(s["completed"] for s in p.onboarding_steps)),
        ("edit_profile", {"field": "phone", "value": "+44 1"}, lambda p: p.phone == "+44 1"),
        (
            "set_requirement",
            {"requirement": "req-cv", "status": "COMPLIANT"},
            lambda p: p.requirements.get(key="req-cv").compliance_status == "COMPLIANT",
        ),
        ("set_compliance", {"status": "COMPLIANT"}, lambda p: p.compliance_status == "COMPLIANT"),
    ],
)
def test_page_actions_change_the_person(org, client, action, values, check):
    ben = org.profiles.get(email="ben.carter@example.org")
    answer = client.post(f"/sandbox/credentially/_actions/{action}/", {"person": ben.public_id, **values})
    assert answer.status_code == 302
    assert check(Profile.objects.get(pk=ben.pk))


def test_placement_is_created_pending_and_listed_for_the_employee(api, org):
    amara = org.profiles.get(email="amara.okafor@example.org")
    role = api("get", "placement-roles").json()[0]["publicId"]
    location = api("get", "locations").json()[0]["publicId"]
    body = {
        "employeePublicId": amara.public_id,
        "rolePublicId": role,
        "locationPublicId": location,
        "startDate": "2026-04-06",
        "endDate": "2026-10-04",
    }
    created = api("post", "placements", body)
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["complianceStatus"]) == ("PENDING", "COMPLIANT")
    listed = api("get", f"placements?employeePublicId={amara.public_id}").json()
    assert [p["publicId"] for p in listed["content"]] == [created.json()["publicId"]]
    assert api("get", f"placements/{created.json()['publicId']}").json()["jobPositionId"] == amara.job_id
    assert api("post", "placements", {**body, "startDate": ""}).status_code == 400


def test_duplicate_switch_sends_each_callback_twice_with_one_event_id(org, django_capture_on_commit_callbacks):
    _subscribe(org, kinds=[events.RIGHT_TO_WORK_STATUS_CHANGED])
    org.duplicate_percent = 100
    org.save()
    with django_capture_on_commit_callbacks(execute=False):
        state.right_to_work_update(profile=org.profiles.get(email="ben.carter@example.org"), status="OK")
    first, second = (json.loads(d.body) for d in SandboxDelivery.objects.order_by("id"))
    assert first == second and first["payload"]["passed"] is True
