"""A field mapping's value map is edited as rows "from -> to" and stored as the JSON the flows read."""

import pytest
from django.utils.datastructures import MultiValueDict

from mappings.compliance.forms import FieldMappingForm
from mappings.compliance.models import FieldMapping
from mappings.compliance.transforms import apply

pytestmark = pytest.mark.django_db


def post(instance=None, **data) -> FieldMappingForm:
    base = {
        "credentially_field": "complianceStatus",
        "ats_field": "credentiallycompliancestatus",
        "direction": "to_ats",
        "transform": "value_map",
        "is_active": "on",
        "position": "30",
    }
    merged = {**base, **data}
    return FieldMappingForm(
        data=MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in merged.items()}), instance=instance
    )


def standard_status_row() -> FieldMapping:
    return FieldMapping.objects.get(ats_connection=None, credentially_field="complianceStatus")


def test_the_stored_map_is_shown_as_rows():
    html = str(FieldMappingForm(instance=standard_status_row())["value_map"])
    assert 'name="value_map_from" value="COMPLIANT"' in html
    assert 'name="value_map_to" value="Not compliant"' in html
    assert "Add a row" in html and "Remove" in html


def test_rows_are_saved_as_the_map_the_sync_back_applies():
    row = standard_status_row()
    form = post(
        row,
        value_map_from=["COMPLIANT", "NOT_COMPLIANT", "", "EXPIRED"],
        value_map_to=["Cleared", "Not cleared", "", "Expired"],
        value_default="Pending",
    )
    assert form.is_valid(), form.errors
    form.save()
    row.refresh_from_db()
    assert row.transform_options == {
        "map": {"COMPLIANT": "Cleared", "NOT_COMPLIANT": "Not cleared", "EXPIRED": "Expired"},
        "default": "Pending",
    }
    assert apply(row.transform, row.transform_options, "COMPLIANT") == "Cleared"
    assert apply(row.transform, row.transform_options, "UNKNOWN") == "Pending"


def test_a_value_on_two_rows_is_refused():
    form = post(value_map_from=["COMPLIANT", "COMPLIANT"], value_map_to=["Cleared", "Pending"])
    assert not form.is_valid()
    assert "'COMPLIANT' is on two rows" in form.errors["value_map"][0]


def test_a_result_without_what_it_maps_from_is_refused():
    form = post(value_map_from=[""], value_map_to=["Cleared"])
    assert not form.is_valid()
    assert "fill in 'From'" in form.errors["value_map"][0]


def test_a_value_map_without_rows_is_refused_in_words():
    form = post(value_map_from=["", ""], value_map_to=["", ""])
    assert not form.is_valid()
    assert form.errors["value_map"] == ["Add at least one row: a value Credentially sends and what the ATS gets."]


def test_a_date_format_is_saved_and_a_wrong_one_explained():
    form = post(credentially_field="birthDate", ats_field="birthdate", transform="date", date_format="%d/%m/%Y")
    assert form.is_valid(), form.errors
    assert form.save().transform_options == {"format": "%d/%m/%Y"}
    form = post(credentially_field="birthDate", ats_field="birthdate", transform="date", date_format="day/month")
    assert not form.is_valid()
    assert form.errors["date_format"] == ["Write it with % codes: %d day, %m month, %Y year, e.g. %d/%m/%Y."]


def test_the_admin_page_saves_edited_rows(admin_client):
    row = standard_status_row()
    page = admin_client.get(f"/admin/compliance/fieldmapping/{row.pk}/change/")
    assert b"value-map.js" in page.content
    data = {
        "ats_connection": "",
        "credentially_field": row.credentially_field,
        "ats_field": row.ats_field,
        "direction": row.direction,
        "transform": "value_map",
        "value_map_from": ["COMPLIANT", "NOT_COMPLIANT"],
        "value_map_to": ["Cleared", "Action needed"],
        "value_default": "",
        "is_active": "on",
        "position": row.position,
        "_save": "Save",
    }
    response = admin_client.post(f"/admin/compliance/fieldmapping/{row.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    row.refresh_from_db()
    assert row.transform_options == {"map": {"COMPLIANT": "Cleared", "NOT_COMPLIANT": "Action needed"}}


def test_switching_rows_on_and_off_in_the_list_keeps_their_value_maps(admin_client):
    row = standard_status_row()
    before = row.transform_options
    rows = list(FieldMapping.objects.order_by("direction", "position", "credentially_field"))
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)), "_save": "Save"}
    for i, r in enumerate(rows):
        data[f"form-{i}-id"] = str(r.pk)
        data[f"form-{i}-position"] = str(r.position)
        if r.is_active and r.pk != row.pk:
            data[f"form-{i}-is_active"] = "on"
    response = admin_client.post("/admin/compliance/fieldmapping/", data)
    assert response.status_code == 302, response.content[:2000]
    row.refresh_from_db()
    assert row.is_active is False and row.transform_options == before
