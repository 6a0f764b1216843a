"""The Credentially sandbox's staff API through Django's test client: the seed, auth and API version,
staff created and patched, profile paging, requirements, checks and references, placements."""

import pytest

from integrations.credentially.sandbox import http
from integrations.credentially.sandbox.models import Profile
from integrations.credentially.sandbox.seed import seed, seed_bulk
from tests.credentially.conftest import API

pytestmark = pytest.mark.usefixtures("fresh_buckets")


def test_seed_is_idempotent_with_three_staff_in_different_states(org):
    seed()
    people = {p.email: p for p in Profile.objects.all()}
    assert len(people) == 3
    assert people["amara.okafor@example.org"].compliance_status == "COMPLIANT"
    assert people["ben.carter@example.org"].job_status == "INVITED"
    passport = people["amara.okafor@example.org"].documents.get(type_key="PASSPORT")
    assert passport.files.count() == 2


def test_bulk_seed_makes_staff_with_documents_quickly(org):
    import time

    started = time.monotonic()
    seed_bulk(staff=500, documents_per_person=2)
    assert Profile.objects.count() == 503
    assert org.profiles.get(email="bulk3@example.org").documents.count() == 2
    assert time.monotonic() - started < 10


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
