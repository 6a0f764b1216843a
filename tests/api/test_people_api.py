"""The REST API: token auth, people and their compliance/checks/references, documents, downloads."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_connection):
    from mappings.compliance.models import StaffRecord

    icims, _, _ = make_connection(system="icims", slug="icims-api", settings={"customer_id": "1"})
    cred, _, _ = make_connection(system="credentially", slug="cred-api")
    return StaffRecord.objects.create(
        credentially_connection=cred,
        profile_id="p-1",
        ats_connection=icims,
        ats_person_id="20411",
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.org",
        compliance_status="COMPLIANT",
        compliance_tags=[],
        requirements=[{"id": "req-1", "complianceStatus": "COMPLIANT"}],
        checks={"dbs": [{"status": "BLANK_NO_NEW_INFO"}]},
        references={"status": "OK", "references": []},
    )


@pytest.fixture
def api(django_user_model):
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user("reader", password="x" * 12)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="compliance", codename__startswith="view_")
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client, user


def test_anonymous_caller_is_refused(person):
    from rest_framework.test import APIClient

    assert APIClient().get("/api/people/").status_code == 401


def test_token_without_permission_is_refused(person, django_user_model):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user("nobody", password="x" * 12)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get("/api/people/").status_code == 403


def test_people_are_paged_and_filtered_by_updated_since(person, api):
    from mappings.compliance.models import StaffRecord

    client, _ = api
    StaffRecord.objects.filter(pk=person.pk).update(updated_at=timezone.now() - timezone.timedelta(days=2))
    assert client.get("/api/people/").json()["count"] == 1
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    assert client.get("/api/people/", {"updated_since": since}).json()["count"] == 0
    assert client.get("/api/people/", {"updated_since": "yesterday"}).status_code == 400
    data = client.get("/api/people/", {"email": "AMARA.okafor@example.org"}).json()
    assert data["results"][0]["profile_id"] == "p-1"


def test_compliance_checks_and_references_as_crosswalk_holds_them(person, api):
    client, _ = api
    compliance = client.get(f"/api/people/{person.pk}/compliance/").json()
    assert compliance["status"] == "COMPLIANT"
    assert compliance["requirements"] == [{"id": "req-1", "complianceStatus": "COMPLIANT"}]
    assert client.get(f"/api/people/{person.pk}/checks/").json()["checks"]["dbs"][0]["status"] == "BLANK_NO_NEW_INFO"
    assert client.get(f"/api/people/{person.pk}/references/").json()["references"]["status"] == "OK"


def test_documents_list_every_version_and_download_serves_the_bytes(person, api):
    from mappings.compliance.models import StaffDocument, StaffDocumentFile

    client, _ = api
    doc = StaffDocument.objects.create(
        staff=person, document_id="doc-1", type_key="PASSPORT", type_name="Passport", versions=2, current_file_id="2"
    )
    for file_id in ("1", "2"):
        version = StaffDocumentFile.objects.create(
            document=doc,
            file_id=file_id,
            file_name=f"v{file_id}.pdf",
            content_type="application/pdf",
            number="533380006",
        )
        version.content.save(f"v{file_id}.pdf", ContentFile(f"%PDF v{file_id}".encode()))
    [listed] = client.get("/api/documents/", {"person": person.pk}).json()["results"]
    assert [f["file_name"] for f in listed["files"]] == ["v1.pdf", "v2.pdf"]
    response = client.get(listed["files"][1]["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF v2"


def test_profile_write_is_queued_for_credentially_not_sent_in_the_request(
    person, api, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    from mappings.compliance.models import StaffRecord
    from mappings.compliance.services import profile_fields_save
    from sync.models import InboundEvent

    profile_fields_save(connection=person.credentially_connection, fields=[{"name": "uniformSize"}])
    client, user = api
    assert client.patch(f"/api/people/{person.pk}/", {"registration_number": "X"}, format="json").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="change_staffrecord"))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.patch(
            f"/api/people/{person.pk}/",
            {"custom_fields": {"uniformSize": "L"}, "registration_number": "91A2345B"},
            format="json",
        )
    assert response.status_code == 202
    assert StaffRecord.objects.get().pending_update == {"uniformSize": "L", "registrationNumber": "91A2345B"}
    assert response.json()["id"] == InboundEvent.objects.get(event_type="crosswalk.profile_update").pk
    assert len(callbacks) == 1  # the worker is nudged once the request commits


def test_schema_and_docs_pages_describe_the_api(admin_client):
    schema = admin_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/people/{id}/compliance/" in schema.content
    assert b"updated_since" in schema.content


def test_updated_since_accepts_a_plain_date(person, api):
    client, _ = api
    assert client.get("/api/people/", {"updated_since": "2000-01-01"}).json()["count"] == 1
    assert client.get("/api/people/", {"updated_since": "2999-01-01"}).json()["count"] == 0
