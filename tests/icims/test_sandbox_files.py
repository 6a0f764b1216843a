"""The emulator's binary file fields: multipart upload kept with name, size and type; limits enforced."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from integrations.icims.sandbox.models import File, Person

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"x" * 2000


@pytest.fixture
def person(tenant) -> Person:
    return Person.objects.filter(customer=tenant, fields__email="amara.okafor@example.org").get()


def upload(api, person, field: str, name: str, content: bytes, content_type: str = "application/pdf"):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, content, content_type)})
    return api("patch", f"people/{person.pk}/fields/{field}/binary", data=body, content_type=MULTIPART_CONTENT)


def test_multipart_upload_is_kept_and_downloaded_with_its_type(api, person):
    assert upload(api, person, "field60101", "dbs-certificate.pdf", PDF).status_code == 204
    stored = File.objects.get(person=person, field="field60101")
    assert (stored.filename, stored.size, stored.content_type) == ("dbs-certificate.pdf", len(PDF), "application/pdf")
    download = api("get", f"people/{person.pk}/fields/field60101/binary")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == PDF


def test_an_empty_file_field_answers_json_instead_of_bytes(api, person):
    response = api("get", f"people/{person.pk}/fields/resume/binary")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")


def test_body_over_the_tenant_cap_gets_413_and_nothing_is_kept(api, person, tenant):
    tenant.max_body_bytes = 1000
    tenant.save()
    response = upload(api, person, "field60101", "big.pdf", PDF)
    assert response.status_code == 413 and response.json()["errors"][0]["errorMessage"].startswith("The request body")
    assert not File.objects.exists()


@pytest.mark.parametrize(
    ("field", "name", "message"),
    [
        ("email", "a.pdf", "not a file field"),
        ("field60101", "tool.exe", "not accepted"),
    ],
)
def test_wrong_field_or_file_type_gets_400(api, person, field, name, message):
    response = upload(api, person, field, name, b"data")
    assert response.status_code == 400 and message in response.json()["errors"][0]["errorMessage"]


def test_raw_binary_body_is_refused(api, person):
    response = api("patch", f"people/{person.pk}/fields/resume/binary", data=PDF, content_type="application/pdf")
    assert response.status_code == 400 and "multipart" in response.json()["errors"][0]["errorMessage"]


def test_resume_cannot_be_deleted_but_other_files_can(api, person):
    upload(
        api,
        person,
        "resume",
        "cv.docx",
        b"PK..",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    upload(api, person, "field60101", "dbs.pdf", PDF)
    assert api("delete", f"people/{person.pk}/fields/resume/binary").status_code == 400
    assert api("delete", f"people/{person.pk}/fields/field60101/binary").status_code == 204
    assert list(File.objects.values_list("field", flat=True)) == ["resume"]


def test_every_document_version_is_kept_in_its_own_attachment_group(api, person):
    for version in (1, 2):
        made = api("post", f"people/{person.pk}/fields/field60110", json={"field60112": f"DBS v{version}"})
        group = made["Location"].rsplit("/", 1)[1]
        body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(f"dbs-v{version}.pdf", PDF, "application/pdf")})
        saved = api(
            "patch",
            f"people/{person.pk}/fields/field60110/{group}/fields/documentfile/binary",
            data=body,
            content_type=MULTIPART_CONTENT,
        )
        assert saved.status_code == 204
    names = sorted(File.objects.filter(person=person).values_list("filename", flat=True))
    assert names == ["dbs-v1.pdf", "dbs-v2.pdf"]
    download = api("get", f"people/{person.pk}/fields/field60110/{group}/fields/documentfile/binary")
    assert download.content == PDF


def test_file_into_a_missing_group_gets_404(api, person):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    response = api(
        "patch",
        f"people/{person.pk}/fields/field60110/4242/fields/documentfile/binary",
        data=body,
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 404


def test_deleting_an_attachment_group_deletes_its_file(api, person):
    made = api("post", f"people/{person.pk}/fields/field60110", json={"field60112": "DBS v1"})
    group = made["Location"].rsplit("/", 1)[1]
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("dbs-v1.pdf", PDF, "application/pdf")})
    api(
        "patch",
        f"people/{person.pk}/fields/field60110/{group}/fields/documentfile/binary",
        data=body,
        content_type=MULTIPART_CONTENT,
    )
    assert api("delete", f"people/{person.pk}/fields/field60110/{group}").status_code == 204
    assert not File.objects.filter(person=person).exists()
    again = api("post", f"people/{person.pk}/fields/field60110", json={"field60112": "DBS v2"})
    assert again["Location"].endswith(f"/{group}")  # the entry id is reused, without the old file
    empty = api("get", f"people/{person.pk}/fields/field60110/{group}/fields/documentfile/binary")
    assert "json" in empty["Content-Type"]
