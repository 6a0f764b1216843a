"""Field mapping rows: validation an admin sees, transforms, and the preview page (reads, never writes)."""

import pytest
from django.core.exceptions import ValidationError

from tests.compliance.conftest import CID, ICIMS, PERSON_ID, load, mock_credentially_reads

pytestmark = pytest.mark.django_db


def test_standard_rows_ship_with_the_migration():
    from mappings.compliance.models import Direction, FieldMapping

    shipped = set(
        FieldMapping.objects.filter(is_standard=True, direction=Direction.TO_ATS).values_list(
            "credentially_field", flat=True
        )
    )
    assert {
        "complianceStatus",
        "requirements.summary",
        "documents.summary",
        "checks.dbs.status",
        "checks.rightToWork.status",
        "references.status",
        "onboarding.progress",
    } <= shipped


@pytest.mark.parametrize(
    ("field", "transform", "options", "error_on"),
    [
        ("notAField", "", {}, "credentially_field"),
        ("birthDate", "date", {"format": "no percent"}, "transform_options"),
        ("complianceStatus", "value_map", {"map": {}}, "transform_options"),
    ],
)
def test_invalid_mapping_rows_are_refused_with_a_readable_reason(field, transform, options, error_on):
    from mappings.compliance.models import FieldMapping

    row = FieldMapping(credentially_field=field, ats_field="field1", transform=transform, transform_options=options)
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert error_on in info.value.message_dict


def test_custom_credentially_fields_are_accepted():
    from mappings.compliance.models import FieldMapping

    FieldMapping(credentially_field="custom.uniformSize", ats_field="field1").full_clean()


@pytest.mark.parametrize(
    ("kind", "options", "value", "expected"),
    [
        ("date", {"format": "%m/%d/%Y"}, "2026-03-21", "03/21/2026"),
        ("date", {"format": "%d %b %Y"}, "2026-03-21T16:40:02Z", "21 Mar 2026"),
        ("value_map", {"map": {"OK": "Cleared"}}, "OK", "Cleared"),
        ("value_map", {"map": {"OK": "Cleared"}}, "MISSING", "MISSING"),
        ("value_map", {"map": {"OK": "Cleared"}, "default": "Pending"}, "MISSING", "Pending"),
        ("", {}, "as is", "as is"),
    ],
)
def test_transforms(kind, options, value, expected):
    from mappings.compliance.transforms import apply

    assert apply(kind, options, value) == expected


def test_connection_row_replaces_the_global_row_for_the_same_ats_field(connections):
    from mappings.compliance.models import Direction, FieldMapping
    from mappings.compliance.selectors import mappings_for

    icims, _ = connections
    mine = FieldMapping.objects.create(
        ats_connection=icims, credentially_field="complianceStatus", ats_field="credentiallycompliancestatus"
    )
    rows = mappings_for(ats_connection=icims, direction=Direction.TO_ATS)
    assert [r for r in rows if r.ats_field == "credentiallycompliancestatus"] == [mine]


def test_preview_shows_what_each_field_would_write_and_writes_nothing(admin_client, staff, http):
    mock_credentially_reads(http, file_id=None)
    http.get(
        f"{ICIMS}/customers/{CID}/people/{PERSON_ID}",
        json={**load("icims_person"), "credentiallycompliancestatus": "Compliant"},
    )
    response = admin_client.get("/admin/compliance/fieldmapping/preview/", {"staff": staff.pk})

    assert response.status_code == 200
    rows = {r.mapping.ats_field: r for r in response.context["rows"]}
    assert rows["credentiallycompliancestatus"].value == "Not compliant"
    assert rows["credentiallycompliancestatus"].current == "Compliant"
    assert rows["credentiallycompliancestatus"].differs is True
    assert rows["birthdate"].differs is False
    assert b"Not compliant" in response.content
    assert [c for c in http.calls if c.request.method != "GET"] == []


def test_sync_now_action_queues_a_run_and_calls_nothing(admin_client, staff, http):
    from sync.models import Run

    response = admin_client.post(
        "/admin/compliance/staffrecord/", {"action": "sync_now", "_selected_action": [staff.pk]}, follow=True
    )

    assert response.status_code == 200
    run = Run.objects.get()
    assert run.params == {"connection": staff.credentially_connection_id, "profile_ids": [staff.profile_id]}
    assert len(http.calls) == 0


@pytest.mark.parametrize(
    "model", ["stagetrigger", "fieldmapping", "staffrecord", "staffdocument", "staffdocumentfile", "atscallday"]
)
def test_admin_lists_render_with_search_and_filters(admin_client, staff, trigger, model):
    response = admin_client.get(f"/admin/compliance/{model}/", {"q": "okafor"})
    assert response.status_code == 200
    assert response.context["cl"].has_filters
    assert response.context["cl"].search_fields


def test_staff_record_page_shows_its_documents(admin_client, staff):
    from mappings.compliance.models import StaffDocument

    StaffDocument.objects.create(staff=staff, document_id="doc-1", type_key="PASSPORT", type_name="Passport")
    response = admin_client.get(f"/admin/compliance/staffrecord/{staff.pk}/change/")
    assert response.status_code == 200
    assert b"Passport" in response.content


def test_stage_trigger_form_refuses_a_non_ats_connection(connections):
    from mappings.compliance.models import StageTrigger

    icims, cred = connections
    trigger = StageTrigger(ats_connection=cred, status="C1", credentially_connection=icims, role_name="Nurse")
    with pytest.raises(ValidationError) as info:
        trigger.full_clean()
    assert {"ats_connection", "credentially_connection"} <= set(info.value.message_dict)


def test_preview_tries_a_row_before_it_is_saved(admin_client, staff, http):
    from mappings.compliance.models import FieldMapping

    mock_credentially_reads(http, file_id=None)
    http.get(f"{ICIMS}/customers/{CID}/people/{PERSON_ID}", json=load("icims_person"))
    response = admin_client.get(
        "/admin/compliance/fieldmapping/preview/",
        {
            "staff": staff.pk,
            "draft_credentially_field": "checks.dbs.printDate",
            "draft_ats_field": "field70002",
            "draft_transform": "date",
            "draft_transform_options": '{"format": "%d/%m/%Y"}',
        },
    )

    [draft] = [r for r in response.context["rows"] if r.draft]
    assert (draft.mapping.ats_field, draft.value) == ("field70002", "14/11/2025")
    assert b"draft, not saved" in response.content
    assert not FieldMapping.objects.filter(ats_field="field70002").exists()


def test_preview_refuses_a_draft_row_that_could_not_be_saved(admin_client, staff, http):
    response = admin_client.get(
        "/admin/compliance/fieldmapping/preview/",
        {"staff": staff.pk, "draft_credentially_field": "nonsense", "draft_ats_field": "field1"},
    )

    assert response.context["rows"] is None
    assert "The row you are trying" in str(response.context["form"].errors)
    assert len(http.calls) == 0
