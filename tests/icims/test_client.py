"""The iCIMS client: Basic auth, lower-case customer paths, search paging, write-backs, files, errors."""

import base64
import json
from datetime import datetime

import pytest
import responses
from responses import matchers

from integrations.client import NotFound, PermanentError, Unauthorized
from integrations.icims.payloads import PersonData, WorkflowData
from tests.icims.helpers import BASE, fixture, make_client, url


@pytest.fixture
def client():
    return make_client()


def sent_json(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_every_call_sends_basic_auth_of_the_api_user(client):
    responses.get(f"{BASE}/customers/7712", json=fixture("api/customer.json"))
    assert client.get_customer()["name"] == "Northwind Health"
    header = responses.calls[0].request.headers["Authorization"]
    assert header == "Basic " + base64.b64encode(b"api-user:pa55:word").decode()


@responses.activate
def test_get_person_limits_fields_and_ignores_unknown_keys(client):
    responses.get(
        url("people/20411"),
        json=fixture("api/person.json"),
        match=[matchers.query_param_matcher({"fields": "firstname,lastname,email,phones"})],
    )
    data = client.get_person(20411, fields=["firstname", "lastname", "email", "phones"])
    person = PersonData.from_api(20411, data)
    assert (person.full_name, person.email, person.phone, person.folder) == (
        "Amara Okafor",
        "amara.okafor@example.org",
        "+1 604 555 0134",
        "Emp:New Hire",
    )


@responses.activate
def test_get_workflow_reads_person_job_and_status_from_profile_links(client):
    responses.get(url("applicantworkflows/88431"), json=fixture("api/workflow.json"))
    wf = WorkflowData.from_api(88431, client.get_workflow(88431))
    assert (wf.person_id, wf.job_id, wf.status_id, wf.status) == ("20411", "3308", "C51877", "Offer - Background Check")


@responses.activate
def test_updates_are_partial_patches_and_204_is_success(client):
    responses.patch(url("people/20411"), status=204)
    responses.patch(url("applicantworkflows/88431"), status=204)
    client.update_person(20411, {"email": "new@example.org", "field50011": None})
    client.move_workflow(88431, "C51880")
    assert sent_json(responses.calls[0]) == {"email": "new@example.org", "field50011": None}
    assert sent_json(responses.calls[1]) == {"status": {"id": "C51880"}}


@responses.activate
def test_create_workflow_returns_the_id_from_location(client):
    responses.post(
        url("applicantworkflows"), status=201, headers={"Location": f"{BASE}/customers/7712/applicantworkflows/90001"}
    )
    assert client.create_workflow(job_id="3308", person_id=20411, status_id="D10100") == 90001
    assert sent_json(responses.calls[0]) == {
        "baseprofile": 3308,
        "associatedprofile": 20411,
        "status": {"id": "D10100"},
    }


@responses.activate
def test_screening_result_adds_a_person_bgcresults_group_for_a_new_order(client):
    responses.get(
        url("applicantworkflows/88431"),
        json=fixture("api/workflow.json"),
        match=[matchers.query_param_matcher({"fields": "associatedprofile"})],
    )
    responses.get(url("people/20411"), json={})
    responses.post(
        url("people/20411/fields/bgcresults"),
        status=201,
        headers={"Location": url("people/20411/fields/bgcresults/4412")},
    )
    client.set_screening_result(88431, status="Sent", package="Healthcare Standard", vendor_id="case-99")
    body = sent_json(responses.calls[2])
    assert body.pop("bgcorderdate")  # stamped in iCIMS's UTC date-time format
    assert body == {"bgcorderstatus": "Sent", "bgcorderid": "case-99", "bgcpackage": "Healthcare Standard"}


@responses.activate
def test_screening_result_updates_the_same_orders_group_in_place(client):
    responses.get(
        url("people/20411"),
        json=fixture("api/person_bgcresults.json"),
        match=[matchers.query_param_matcher({"fields": "bgcresults"})],
    )
    responses.patch(url("people/20411/fields/bgcresults/4411"), status=204)
    client.set_screening_result(
        88431,
        status="Complete",
        result="Clear",
        report_url="https://certn.example/r/77",
        vendor_id="case-77",
        person_id=20411,
    )
    body = sent_json(responses.calls[1])
    assert datetime.strptime(body.pop("bgccompleteddate"), "%Y-%m-%d %I:%M %p")
    assert body == {
        "bgcorderstatus": "Complete",
        "bgcorderid": "case-77",
        "bgcresult": "Clear",
        "bgcreporturl": "https://certn.example/r/77",
    }


@responses.activate
def test_screening_result_can_target_the_workflow_by_setting():
    client = make_client(screening_profile="applicantworkflows", screening_collection="field88001")
    responses.get(url("applicantworkflows/88431"), json={})
    responses.post(
        url("applicantworkflows/88431/fields/field88001"),
        status=201,
        headers={"Location": url("applicantworkflows/88431/fields/field88001/1")},
    )
    client.set_screening_result(88431, status="In-Progress Vendor", vendor_id="case-5")
    assert sent_json(responses.calls[1])["bgcorderstatus"] == "In-Progress Vendor"


@responses.activate
def test_upload_file_sends_one_multipart_part_with_its_filename(client):
    responses.patch(url("people/20411/fields/field60101/binary"), status=204)
    info = client.upload_file(
        20411, field="field60101", filename="dbs.pdf", content=b"%PDF-1.4 x", content_type="application/pdf"
    )
    request = responses.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'filename="dbs.pdf"' in request.body and b"Content-Type: application/pdf" in request.body
    assert b"%PDF-1.4 x" in request.body
    assert info["size"] == 10 and info["url"].endswith("/people/20411/fields/field60101/binary")


@responses.activate
def test_download_file_returns_bytes_or_none_when_the_field_is_empty(client):
    responses.get(url("people/1/fields/resume/binary"), body=b"%PDF", content_type="application/pdf")
    responses.get(url("people/2/fields/resume/binary"), json={"warnings": []})
    assert client.download_file(1, field="resume") == (b"%PDF", "application/pdf")
    assert client.download_file(2, field="resume") is None


@responses.activate
def test_link_field_writes_the_url_and_the_label_only_where_a_label_field_is_given(client):
    responses.patch(url("people/5"), status=204)
    client.set_link_field(5, field="field50012", url="https://app.credentially.io/p/5", label="Profile")
    client.set_link_field(5, field="field50012", url="https://x.test/p", label="Profile", label_field="field50014")
    assert sent_json(responses.calls[0]) == {"field50012": "https://app.credentially.io/p/5"}
    assert sent_json(responses.calls[1]) == {"field50012": "https://x.test/p", "field50014": "Profile"}


@responses.activate
def test_list_fields_reads_ids_and_labels_from_the_schema(client):
    responses.get(url("profiledefinitions/v1/person/schema"), json=fixture("api/schema_people.json"))
    assert client.list_fields("people") == [
        {"id": "bgcresults", "label": "Background Check Results", "type": "array"},
        {"id": "field174226", "label": "Nursing licence number", "type": "string"},
        {"id": "firstname", "label": "First Name", "type": "string"},
    ]


@responses.activate
def test_bad_credentials_raise_unauthorized_with_icims_message(client):
    responses.get(f"{BASE}/customers/7712", json=fixture("api/error_401.json"), status=401)
    with pytest.raises(Unauthorized) as err:
        client.get_customer()
    assert "Invalid Username or Password credentials provided. (code 6)" in str(err.value)
    assert err.value.body["errors"][0]["errorCode"] == 6


@responses.activate
def test_missing_person_raises_not_found_naming_it(client):
    responses.get(url("people/9"), json=fixture("api/error_404.json"), status=404)
    with pytest.raises(NotFound, match="Person not found"):
        client.get_person(9)


def test_a_connection_without_customer_id_fails_before_any_call():
    client = make_client(customer_id="")
    with pytest.raises(PermanentError, match="customer id"):
        client.get_customer()


@responses.activate
def test_attachment_creates_a_metadata_group_then_puts_the_file_in_it(client):
    responses.post(
        url("people/7/fields/field60110"), status=201, headers={"Location": url("people/7/fields/field60110/1002")}
    )
    responses.patch(url("people/7/fields/field60110/1002/fields/documentfile/binary"), status=204)
    group = client.add_attachment(
        7,
        collection="field60110",
        file_field="documentfile",
        filename="dbs-v2.pdf",
        content=b"%PDF v2",
        content_type="application/pdf",
        values={"field60112": "DBS certificate v2", "field60113": "2027-01-31"},
    )
    assert group == 1002
    assert sent_json(responses.calls[0]) == {"field60112": "DBS certificate v2", "field60113": "2027-01-31"}
    assert b'filename="dbs-v2.pdf"' in responses.calls[1].request.body


@responses.activate
def test_group_file_is_uploaded_as_multipart_into_the_groups_binary_child(client):
    responses.patch(url("people/7/fields/field60110/1003/fields/documentfile/binary"), status=204)
    client.upload_group_file(
        7,
        collection="field60110",
        group=1003,
        file_field="documentfile",
        filename="passport-v1.pdf",
        content=b"%PDF v1",
        content_type="application/pdf",
    )
    request = responses.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert b'filename="passport-v1.pdf"' in request.body and b"%PDF v1" in request.body


@responses.activate
def test_group_file_download_returns_bytes_type_and_name_or_none_when_empty(client):
    responses.get(
        url("people/7/fields/field60110/1003/fields/documentfile/binary"),
        body=b"%PDF v1",
        content_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="passport-v1.pdf"'},
    )
    responses.get(url("people/7/fields/field60110/1004/fields/documentfile/binary"), json={"warnings": []})
    found = client.download_group_file(7, collection="field60110", group=1003, file_field="documentfile")
    assert found == (b"%PDF v1", "application/pdf", "passport-v1.pdf")
    assert client.download_group_file(7, collection="field60110", group=1004, file_field="documentfile") is None


@pytest.mark.parametrize(
    ("filename", "size", "settings", "accepted"),
    [
        ("passport.PDF", 2_000_000, {}, True),
        ("scan.heic", 1_000, {}, False),
        ("huge.pdf", 10 * 1024 * 1024 + 1, {}, False),
        ("empty.pdf", 0, {}, False),
        ("scan.heic", 1_000, {"allowed_file_types": ["heic"], "max_file_bytes": 2000}, True),
        ("big.pdf", 3_000, {"max_file_bytes": 2000}, False),
        ("scan.heic", 1_000, {"allowed_file_types": "pdf, .HEIC", "max_file_bytes": "2000"}, True),
        ("x.do", 1_000, {"allowed_file_types": "pdf,doc"}, False),
    ],
)
def test_file_accepted_follows_the_tenant_limits(filename, size, settings, accepted):
    assert make_client(**settings).file_accepted(filename, size) is accepted


@responses.activate
def test_schema_is_asked_for_under_the_schema_apis_own_profile_names(client):
    responses.get(url("profiledefinitions/v1/submittal/schema"), json={"properties": {"status": {"type": "object"}}})
    assert client.list_fields("applicantworkflows") == [{"id": "status", "label": "status", "type": "object"}]
