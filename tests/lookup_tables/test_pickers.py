"""Pickers: values that name something in another system are checked against what it lists."""

import uuid

import pytest
import responses
from responses import matchers

from mappings.badges.forms import BadgeMappingForm
from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.compliance.forms import FieldMappingForm, StageTriggerForm
from mappings.picker_sources import DOCEBO_LEARNING_PLANS
from mappings.pickers import listing
from mappings.screening.forms import CheckPackageForm
from tests.lookup_tables.conftest import CERTN, CERTS, CID, CRED, DOCEBO, ICIMS, PLANS, SCHEMA, STATUSES_URL

pytestmark = pytest.mark.django_db
PLANS_URL = f"{DOCEBO}/learn/v1/lp"


@pytest.fixture
def template(db):
    return BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", state="active")


def mapping_form(template, **data):
    return BadgeMappingForm(data={"badge_template_id": template.credly_id, "is_active": "on", **data})


def calls_to(http, url: str) -> int:
    return sum(1 for call in http.calls if call.request.url.split("?")[0] == url)


def test_learning_plans_are_read_once_and_then_served_from_the_cache(systems, http):
    http.get(PLANS_URL, json=PLANS)
    first = listing(DOCEBO_LEARNING_PLANS, systems["docebo"])
    again = listing(DOCEBO_LEARNING_PLANS, systems["docebo"])
    assert [c.value for c in first.choices] == ["12", "14"]
    assert first.choices[0].text == "12 (Cloud Foundations Path [LP-CLOUD])"
    assert again == first
    assert calls_to(http, PLANS_URL) == 1


def test_a_learning_plan_docebo_lacks_is_refused_with_the_nearest_ones(systems, http, template):
    http.get(PLANS_URL, json=PLANS)
    form = mapping_form(template, learning_plan_id="13")
    assert not form.is_valid()
    message = form.errors["learning_plan_id"][0]
    assert "has no learning plan '13'" in message
    assert "Nearest: " in message
    assert "12 (Cloud Foundations Path [LP-CLOUD])" in message and "14 (Security Practitioner Path [LP-SEC])" in message


def test_a_plan_nothing_like_any_other_is_refused_with_examples_of_what_docebo_has(systems, http, template):
    http.get(PLANS_URL, json=PLANS)
    form = mapping_form(template, learning_plan_id="99")
    assert not form.is_valid()
    assert "Docebo has 2, e.g. 12 (Cloud Foundations Path [LP-CLOUD])" in form.errors["learning_plan_id"][0]
    assert not BadgeMapping.objects.exists()


def test_a_plan_docebo_has_is_saved(systems, http, template):
    http.get(PLANS_URL, json=PLANS)
    form = mapping_form(template, learning_plan_id="14")
    assert form.is_valid(), form.errors
    assert form.save().learning_plan_id == "14" and form.picker_warnings == []


def test_a_certification_code_in_the_wrong_case_is_refused_with_docebos_spelling(systems, http, template):
    http.get(f"{DOCEBO}/learn/v1/certification", json=CERTS)
    form = mapping_form(template, certification_code="cert-cloud")
    assert not form.is_valid()
    assert "writes it 'CERT-CLOUD'" in form.errors["certification_code"][0]


def test_when_docebo_cannot_be_reached_the_row_is_saved_with_a_warning(systems, http, template):
    http.get(PLANS_URL, status=503, json={"message": "maintenance"})
    form = mapping_form(template, learning_plan_id="99")
    assert form.is_valid(), form.errors
    assert "saved unchecked: Docebo could not be reached" in form.picker_warnings[0]
    form.save()
    http.replace(responses.GET, PLANS_URL, json=PLANS)  # an outage is not cached: the next form asks again
    assert [c.value for c in listing(DOCEBO_LEARNING_PLANS, systems["docebo"]).choices] == ["12", "14"]


def test_an_unchanged_value_is_not_checked_again(systems, http, template):
    mapping = BadgeMapping.objects.create(badge_template_id=template.credly_id, learning_plan_id="99")
    form = BadgeMappingForm(
        data={"badge_template_id": template.credly_id, "learning_plan_id": "99", "is_active": ""}, instance=mapping
    )
    assert form.is_valid(), form.errors
    assert calls_to(http, PLANS_URL) == 0


def test_a_switched_off_connection_is_not_asked(systems, http, template):
    systems["docebo"].enabled = False
    systems["docebo"].save()
    form = mapping_form(template, learning_plan_id="12")
    assert form.is_valid()
    assert (
        form.picker_warnings == ["Learning plan '12' saved unchecked: there is no enabled Docebo connection."]
        and not http.calls
    )


def stage_trigger_form(systems, **data):
    base = {
        "ats_connection": systems["icims"].pk,
        "status": "C2060",
        "credentially_connection": systems["credentially"].pk,
        "role_name": "Registered Nurse",
        "send_invite_email": "on",
        "is_active": "on",
    }
    return StageTriggerForm(data={**base, **data})


def mock_statuses_and_roles(http):
    http.get(
        STATUSES_URL,
        json={
            "nodes": [{"id": "C2047", "value": "Offer accepted"}, {"id": "C2050", "value": "Background check"}],
            "_links": {"next": {"href": f"{STATUSES_URL}?size=2&offset=2"}},
        },
        match=[matchers.query_param_matcher({"size": "1000"})],
    )
    http.get(
        STATUSES_URL,
        json={"nodes": [{"id": "C2060", "value": "Onboarding"}], "_links": {}},
        match=[matchers.query_param_matcher({"size": "2", "offset": "2"})],
    )
    http.get(f"{CRED}/api/profile/metadata", json={"roles": [{"id": 1, "name": "Registered Nurse"}]})


def test_icims_statuses_come_from_the_list_api_page_by_page(systems, http):
    mock_statuses_and_roles(http)
    assert stage_trigger_form(systems).is_valid()
    form = stage_trigger_form(systems, status="C2061")
    assert not form.is_valid()
    assert "has no status 'C2061'. Nearest: C2060 (Onboarding)" in form.errors["status"][0]


def test_a_credentially_role_is_refused_unless_written_as_credentially_names_it(systems, http):
    mock_statuses_and_roles(http)
    form = stage_trigger_form(systems, role_name="registered nurse")
    assert not form.is_valid()
    assert "writes it 'Registered Nurse'" in form.errors["role_name"][0]


def test_an_icims_tenant_without_the_status_list_saves_with_a_warning(systems, http):
    http.get(STATUSES_URL, status=404, json={"errors": [{"errorMessage": "List not found.", "errorCode": 2}]})
    http.get(f"{CRED}/api/profile/metadata", json={"roles": [{"id": 1, "name": "Registered Nurse"}]})
    form = stage_trigger_form(systems)
    assert form.is_valid(), form.errors
    assert "iCIMS does not list its statuses" in form.picker_warnings[0]


def field_mapping_form(systems, **data):
    base = {
        "ats_connection": systems["icims"].pk,
        "credentially_field": "birthDate",
        "ats_field": "birthdate",
        "direction": "to_ats",
        "transform": "",
        "is_active": "on",
        "position": "100",
        "value_map_from": [""],
        "value_map_to": [""],
    }
    from django.utils.datastructures import MultiValueDict

    merged = {**base, **data}
    return FieldMappingForm(data=MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in merged.items()}))


def test_an_ats_field_missing_from_the_icims_schema_is_refused(systems, http):
    http.get(f"{ICIMS}/customers/{CID}/profiledefinitions/v1/person/schema", json=SCHEMA)
    form = field_mapping_form(systems, ats_field="field9999")
    assert not form.is_valid()
    assert "iCIMS (iCIMS test) has no person field 'field9999'" in form.errors["ats_field"][0]
    assert field_mapping_form(systems, ats_field="field50011").is_valid()


def test_candidate_ids_read_when_creating_a_staff_member_are_not_looked_up_in_the_schema(systems, http):
    form = field_mapping_form(
        systems, direction="to_credentially", credentially_field="custom.atsId", ats_field="workflowid"
    )
    assert form.is_valid(), form.errors
    assert not http.calls


def test_a_certn_package_is_looked_up_in_its_regions_account(systems, http):
    known = str(uuid.uuid4())
    http.get(
        f"{CERTN}/api/public/packages/",
        json={"pagination": {"next_page": None}, "results": [{"id": known, "name": "Healthcare", "use_in_ats": True}]},
    )
    data = {"name": "Healthcare", "region": "CA", "for_ats_use": "on"}
    assert CheckPackageForm(data={**data, "certn_package_id": known}).is_valid()
    form = CheckPackageForm(data={**data, "certn_package_id": str(uuid.uuid4())})
    assert not form.is_valid()
    assert "Certn (Certn CA) has no package" in form.errors["certn_package_id"][0]
    uk = CheckPackageForm(data={**data, "region": "UK", "certn_package_id": str(uuid.uuid4())})
    assert uk.is_valid() and "no enabled Certn connection in region UK" in uk.picker_warnings[0]
