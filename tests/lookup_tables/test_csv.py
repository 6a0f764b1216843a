"""CSV import and export of the lookup tables: natural keys, round trips, and all-or-nothing imports."""

import re

import pytest
import tablib
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from mappings.badges.models import BadgeMapping, BadgeTemplate, IntegrationSetting
from mappings.badges.resources import BadgeMappingResource, BadgeTemplateResource, IntegrationSettingResource
from mappings.compliance.models import FieldMapping, StageTrigger
from mappings.compliance.resources import FieldMappingResource, StageTriggerResource
from mappings.screening.models import CheckPackage, ScreeningSettings, StageOrder
from mappings.screening.resources import CheckPackageResource, ScreeningSettingsResource, StageOrderResource
from tests.lookup_tables.conftest import CERTN, CRED, DOCEBO, PLANS, STATUSES_URL

pytestmark = pytest.mark.django_db
PACKAGE = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"


@pytest.fixture
def tables(systems, http):
    """A row in every table, and the vendors listing what those rows name."""
    http.get(f"{DOCEBO}/learn/v1/lp", json=PLANS)
    http.get(
        STATUSES_URL, json={"nodes": [{"id": "C2050", "value": "Background check"}, {"id": "C2060", "value": "On"}]}
    )
    http.get(f"{CRED}/api/profile/metadata", json={"roles": [{"id": 1, "name": "Registered Nurse"}]})
    http.get(f"{CERTN}/api/public/packages/", json={"pagination": {}, "results": [{"id": PACKAGE, "name": "Health"}]})
    template = BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner")
    BadgeMapping.objects.create(
        badge_template_id=template.credly_id, badge_template_name=template.name, learning_plan_id="12"
    )
    StageTrigger.objects.create(
        ats_connection=systems["icims"],
        status="C2060",
        credentially_connection=systems["credentially"],
        role_name="Registered Nurse",
    )
    package = CheckPackage.objects.create(certn_package_id=PACKAGE, region="CA", name="Health")
    settings = ScreeningSettings.objects.create(icims_connection=systems["icims"], certn_connection=systems["certn"])
    StageOrder.objects.create(settings=settings, status_id="C2050", package=package)
    return systems


RESOURCES = [
    (IntegrationSettingResource, IntegrationSetting),
    (BadgeTemplateResource, BadgeTemplate),
    (BadgeMappingResource, BadgeMapping),
    (StageTriggerResource, StageTrigger),
    (FieldMappingResource, FieldMapping),
    (CheckPackageResource, CheckPackage),
    (ScreeningSettingsResource, ScreeningSettings),
    (StageOrderResource, StageOrder),
]


@pytest.mark.parametrize(("resource", "model"), RESOURCES)
def test_an_exported_table_imports_back_unchanged(tables, resource, model):
    before = list(model.objects.order_by("pk").values())
    csv = resource().export().csv
    result = resource().import_data(tablib.Dataset().load(csv, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), _problems(result)
    assert {row.import_type for row in result.rows} == {"skip"}
    assert list(model.objects.order_by("pk").values()) == before


def _problems(result) -> str:
    rows = [f"{r.number}: {r.error_dict}" for r in result.invalid_rows]
    return "; ".join(rows + [str(e.error) for _, errors in result.row_errors() for e in errors])


def test_rows_name_other_rows_by_natural_keys_not_database_ids(tables):
    triggers = tablib.Dataset().load(StageTriggerResource().export().csv, format="csv")
    assert triggers.dict[0]["ats_connection"] == "icims-test"
    assert triggers.dict[0]["credentially_connection"] == "cred-test"
    orders = tablib.Dataset().load(StageOrderResource().export().csv, format="csv")
    assert (orders.dict[0]["settings"], orders.dict[0]["package"]) == ("icims-test", PACKAGE)
    mappings = tablib.Dataset().load(BadgeMappingResource().export().csv, format="csv")
    assert "id" not in mappings.headers and mappings.dict[0]["badge_template_id"] == "tpl-cloud"


def test_a_value_map_travels_as_readable_lines():
    exported = tablib.Dataset().load(FieldMappingResource().export().csv, format="csv")
    status_row = next(r for r in exported.dict if r["credentially_field"] == "complianceStatus")
    assert status_row["value_map"] == "COMPLIANT -> Compliant\nNOT_COMPLIANT -> Not compliant"
    status_row["value_map"] = "COMPLIANT -> Cleared\nNOT_COMPLIANT -> Not cleared"
    status_row["value_default"] = "Pending"
    data = tablib.Dataset(headers=exported.headers)
    data.append([status_row[h] for h in exported.headers])
    result = FieldMappingResource().import_data(data, dry_run=False)
    assert [r.import_type for r in result.rows] == ["update"], _problems(result)
    row = FieldMapping.objects.get(ats_connection=None, credentially_field="complianceStatus")
    assert row.transform_options == {
        "map": {"COMPLIANT": "Cleared", "NOT_COMPLIANT": "Not cleared"},
        "default": "Pending",
    }


def trigger_csv(*rows) -> str:
    head = "ats_connection,status,status_label,credentially_connection,role_name,group_name,send_invite_email,is_active"
    return "\n".join([head, *rows]) + "\n"


def test_one_bad_row_saves_nothing_and_says_which_row_and_why(tables):
    csv = trigger_csv(
        "icims-test,C2050,Background check,cred-test,Registered Nurse,,1,1",
        "icims-test,C2061,Typo,cred-test,Registered Nurse,,1,1",
    )
    result = StageTriggerResource().import_data(
        tablib.Dataset().load(csv, format="csv"), dry_run=False, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "has no status 'C2061'. Nearest: C2060 (On)" in invalid.error_dict["status"][0]
    assert list(StageTrigger.objects.values_list("status", flat=True)) == ["C2060"]


def test_a_connection_slug_of_the_wrong_system_is_a_row_error(tables):
    csv = trigger_csv("certn-ca,C2050,,cred-test,Registered Nurse,,1,1")
    result = StageTriggerResource().import_data(tablib.Dataset().load(csv, format="csv"), dry_run=True)
    message = str(next(e.error for _, errors in result.row_errors() for e in errors))
    assert "'certn-ca' is a Certn connection; this column takes a icims connection" in message


def test_templates_come_from_credly_so_an_import_only_switches_them_on_or_off(tables):
    csv = "credly_id,name,is_active\ntpl-cloud,Renamed,0\ntpl-new,New one,1\n"
    result = BadgeTemplateResource().import_data(tablib.Dataset().load(csv, format="csv"), dry_run=True)
    [invalid] = result.invalid_rows
    assert "templates come from Credly" in invalid.error_dict["credly_id"][0]
    csv = "credly_id,name,is_active\ntpl-cloud,Renamed,0\n"
    BadgeTemplateResource().import_data(tablib.Dataset().load(csv, format="csv"), dry_run=False)
    template = BadgeTemplate.objects.get(credly_id="tpl-cloud")
    assert (template.name, template.is_active) == ("Cloud Foundations Practitioner", False)


def import_page(client, url: str, csv: str):
    upload = SimpleUploadedFile("triggers.csv", csv.encode(), content_type="text/csv")
    return client.post(url, {"format": "0", "import_file": upload})


def test_the_admin_previews_each_row_and_offers_to_confirm_only_a_clean_file(client, editor, tables):
    client.force_login(editor)
    url = "/admin/compliance/stagetrigger/import/"
    bad = import_page(
        client,
        url,
        trigger_csv(
            "icims-test,C2050,,cred-test,Registered Nurse,,1,1", "icims-test,X1,,cred-test,Registered Nurse,,1,1"
        ),
    )
    assert b"has no status &#x27;X1&#x27;" in bad.content and b"Confirm import" not in bad.content
    good = import_page(client, url, trigger_csv("icims-test,C2050,Background check,cred-test,Registered Nurse,,1,1"))
    assert b"Confirm import" in good.content and b"New" in good.content
    hidden = dict(re.findall(rb'<input type="hidden" name="(\w+)" value="([^"]*)"', good.content))
    confirm = {k.decode(): v.decode() for k, v in hidden.items() if k != b"csrfmiddlewaretoken"}
    done = client.post("/admin/compliance/stagetrigger/process_import/", confirm)
    assert done.status_code == 302
    assert sorted(StageTrigger.objects.values_list("status", flat=True)) == ["C2050", "C2060"]


def test_import_needs_the_change_permission_and_export_the_view_permission(client, tables):
    viewer = User.objects.create_user("viewer", "v@example.com", "a-long-password-1", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_stagetrigger"))
    client.force_login(viewer)
    assert client.get("/admin/compliance/stagetrigger/import/").status_code == 403
    assert client.get("/admin/compliance/stagetrigger/export/").status_code == 200


def test_a_mapping_editor_sees_import_and_export_on_every_lookup_table(client, editor):
    client.force_login(editor)
    for table in ["badges/badgemapping", "badges/badgetemplate", "badges/integrationsetting",
                  "compliance/stagetrigger", "compliance/fieldmapping", "screening/checkpackage",
                  "screening/screeningsettings", "screening/stageorder"]:  # fmt: skip
        page = client.get(f"/admin/{table}/").content
        assert f"/admin/{table}/import/".encode() in page and f"/admin/{table}/export/".encode() in page, table
    assert b"/admin/screening/certngroup/export/" in client.get("/admin/screening/certngroup/").content
