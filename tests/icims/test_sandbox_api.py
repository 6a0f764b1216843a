"""The iCIMS emulator's API: real paths, Basic auth per tenant, iCIMS error shapes, search, collections."""

import pytest

from integrations.icims.sandbox.models import Person, Workflow
from integrations.icims.sandbox.seed import STATUS_APPLIED, STATUS_BACKGROUND_CHECK_COMPLETE, STATUS_INTERVIEW
from tests.conftest import basic_auth

pytestmark = pytest.mark.django_db


def candidate(tenant, email: str) -> Person:
    return next(p for p in Person.objects.filter(customer=tenant) if p.fields.get("email") == email)


@pytest.mark.parametrize("auth", [basic_auth("crosswalk-integration", "wrong"), basic_auth("other", "x"), "Bearer t"])
def test_bad_credentials_get_401_with_icims_error_code_6(api, auth):
    response = api("get", "", auth=auth)
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"errorMessage": "Invalid Username or Password credentials provided.", "errorCode": 6}]
    }


def test_unknown_customer_is_refused_like_bad_credentials(client, tenant):
    response = client.get("/sandbox/icims/customers/1", headers={"Authorization": basic_auth("a", "b")})
    assert response.status_code == 401


def test_customer_answers_platform_metadata_and_links(api):
    response = api("get", "")
    assert response.status_code == 200
    assert response.json()["name"] == "Northwind Health" and response.json()["id"] == 7712
    assert response["X-Customer-Type"] == "test" and 'rel="profiles"' in response["Link"]


def test_person_get_omits_empty_fields_and_honours_the_fields_parameter(api, tenant):
    person = candidate(tenant, "liam.chen@example.org")
    person.fields["middlename"] = ""
    person.save()
    full = api("get", f"people/{person.pk}").json()
    assert "middlename" not in full and full["phones"][0]["phonenumber"] == "+1 604 555 0177"
    assert api("get", f"people/{person.pk}", data={"fields": "firstname,email"}).json() == {
        "firstname": "Liam",
        "email": "liam.chen@example.org",
    }


def test_missing_person_gets_404_with_error_body_and_header(api):
    response = api("get", "people/999999")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"errorMessage": "Person not found.", "errorCode": 2}]}
    assert response["X-Error"] == "2:Person not found."


def test_person_patch_changes_only_the_keys_sent_and_null_clears(api, tenant):
    person = candidate(tenant, "liam.chen@example.org")
    response = api("patch", f"people/{person.pk}", json={"field50011": "RN-1234", "phones": None})
    assert response.status_code == 204
    person.refresh_from_db()
    assert person.fields["field50011"] == "RN-1234" and "phones" not in person.fields
    assert person.fields["firstname"] == "Liam"


def test_workflow_get_shows_profile_links_and_status_node(api, tenant):
    wf = Workflow.objects.filter(customer=tenant, status__node_id=STATUS_INTERVIEW).get()
    data = api("get", f"applicantworkflows/{wf.pk}").json()
    assert data["associatedprofile"]["id"] == wf.person_id and data["baseprofile"]["id"] == wf.job_id
    assert data["status"] == {"id": STATUS_INTERVIEW, "value": "Interview", "formattedvalue": "Interview"}
    assert data["associatedprofile"]["profile"].endswith(f"/customers/7712/people/{wf.person_id}")


def test_workflow_create_needs_both_profiles_and_answers_201_with_location(api, tenant):
    person = candidate(tenant, "noah.williams@example.org")
    job_id = Workflow.objects.filter(person=person).get().job_id
    missing = api("post", "applicantworkflows", json={"associatedprofile": person.pk})
    assert missing.status_code == 400 and missing.json()["errors"][0]["errorCode"] == 1
    made = api(
        "post",
        "applicantworkflows",
        json={"baseprofile": job_id, "associatedprofile": person.pk, "status": {"id": STATUS_APPLIED}},
    )
    assert made.status_code == 201 and made.content == b""
    new_id = int(made["Location"].rsplit("/", 1)[1])
    assert Workflow.objects.get(pk=new_id).status.node_id == STATUS_APPLIED


def test_unknown_status_is_refused_with_400(api, tenant):
    wf = Workflow.objects.filter(customer=tenant).first()
    response = api("patch", f"applicantworkflows/{wf.pk}", json={"status": {"id": "C0000"}})
    assert response.status_code == 400 and "C0000" in response.json()["errors"][0]["errorMessage"]


def test_collection_group_is_created_updated_and_exact_duplicates_ignored(api, tenant):
    person = candidate(tenant, "amara.okafor@example.org")
    group = {"bgcorderid": "case-1", "bgcorderstatus": "Sent"}
    made = api("post", f"people/{person.pk}/fields/bgcresults", json=group)
    assert made.status_code == 201
    entry = made["Location"].rsplit("/", 1)[1]
    assert api("post", f"people/{person.pk}/fields/bgcresults", json=group).status_code == 204
    patched = api(
        "patch",
        f"people/{person.pk}/fields/bgcresults/{entry}",
        json={"bgcorderstatus": "Complete", "bgcresult": "Clear"},
    )
    assert patched.status_code == 204
    groups = api("get", f"people/{person.pk}", data={"fields": "bgcresults"}).json()["bgcresults"]
    assert groups == [{"entry": int(entry), "bgcorderid": "case-1", "bgcorderstatus": "Complete", "bgcresult": "Clear"}]


def test_posting_a_group_to_a_plain_field_is_refused(api, tenant):
    person = candidate(tenant, "amara.okafor@example.org")
    response = api("post", f"people/{person.pk}/fields/email", json={"x": 1})
    assert response.status_code == 400


def test_search_returns_ids_only_ascending_and_pages_with_greater_than(api, tenant):
    everyone = api(
        "post",
        "search/applicantworkflows",
        json={"filters": [{"name": "applicantworkflow.id", "value": ["0"], "operator": ">"}]},
    ).json()
    ids = [r["id"] for r in everyone["searchResults"]]
    assert ids == sorted(ids) and len(ids) == 5 and set(everyone["searchResults"][0]) == {"id", "self"}
    after = api(
        "post",
        "search/applicantworkflows",
        json={"filters": [{"name": "applicantworkflow.id", "value": [str(ids[2])], "operator": ">"}]},
    ).json()
    assert [r["id"] for r in after["searchResults"]] == ids[3:]


def test_search_by_status_matches_node_id_or_label_and_children_or(api, tenant):
    by_node = {"filters": [{"name": "applicantworkflow.status", "value": [STATUS_BACKGROUND_CHECK_COMPLETE]}]}
    either = {
        "filters": [],
        "operator": "&",
        "children": [
            {
                "operator": "|",
                "filters": [
                    {"name": "applicantworkflow.status", "value": ["Interview"]},
                    {"name": "applicantworkflow.person.email", "value": ["noah.williams@example.org"]},
                ],
            }
        ],
    }
    assert len(api("post", "search/applicantworkflows", json=by_node).json()["searchResults"]) == 1
    assert len(api("post", "search/applicantworkflows", json=either).json()["searchResults"]) == 2


def test_search_by_get_with_search_json_finds_people_by_email(api):
    query = '{"filters":[{"name":"person.email","value":["amara.okafor@example.org"],"operator":"="}]}'
    assert len(api("get", "search/people", data={"searchJson": query}).json()["searchResults"]) == 1


def test_filterless_or_unknown_filter_search_is_refused(api):
    assert api("post", "search/applicantworkflows", json={}).status_code == 400
    bad = api("post", "search/people", json={"filters": [{"name": "person.shoesize", "value": ["9"]}]})
    assert bad.status_code == 400 and "person.shoesize" in bad.json()["errors"][0]["errorMessage"]


def test_schema_lists_standard_and_tenant_fields(api):
    properties = api("get", "profiledefinitions/v1/person/schema").json()["properties"]
    assert properties["field50011"]["title"] == "Professional registration number"
    assert properties["resume"]["type"] == "binary" and properties["bgcresults"]["type"] == "array"


def test_schema_api_names_profile_types_as_icims_does_singular_and_submittal(api):
    """iCIMS's Schema API page: person, job, company, submittal, ...; the Profiles API's plural names are not its."""
    assert "status" in api("get", "profiledefinitions/v1/submittal/schema").json()["properties"]
    columns = api("get", "profiledefinitions/v1/person/schema").json()["properties"]["bgcresults"]["items"]
    assert "bgcorderstatus" in columns["properties"]
    assert api("get", "profiledefinitions/v1/people/schema").status_code == 404


def test_person_patch_adds_new_collection_groups_and_keeps_the_others(api, tenant):
    person = candidate(tenant, "liam.chen@example.org")
    kept = person.fields["phones"][0]
    new = {"phonetype": {"value": "Work"}, "phonenumber": "+1 604 555 0100"}
    response = api("patch", f"people/{person.pk}", json={"field50011": "RN-1", "phones": [new, new]})
    assert response.status_code == 204
    phones = api("get", f"people/{person.pk}").json()["phones"]
    assert phones[0] == kept and len(phones) == 2  # the duplicate in the same body is ignored
    assert {k: v for k, v in phones[1].items() if k != "entry"} == new and phones[1]["entry"] > kept["entry"]
    api("patch", f"people/{person.pk}", json={"phones": [{"entry": phones[1]["entry"], "phonenumber": "+1 1"}]})
    again = api("get", f"people/{person.pk}").json()["phones"]
    assert again[0] == kept and again[1]["phonenumber"] == "+1 1" and again[1]["phonetype"] == {"value": "Work"}
