"""CSV shapes of the screening lookup tables (see mappings/imports.py for how an import behaves).

- Packages: known by region and Certn package id.
- Screening settings: known by their iCIMS connection (slug); the Certn connection by slug.
- Stage orders: known by their screening settings (their iCIMS connection's slug, column `settings`) and
  the iCIMS status id; the package by its Certn package id (in the integration's Certn region).
- Certn groups are read from Certn, never typed: export only.
"""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from mappings.imports import ConnectionWidget, LookupResource, UUIDWidget
from mappings.screening.forms import CheckPackageForm, ScreeningSettingsForm, stage_order_picked
from mappings.screening.models import CertnGroup, CheckPackage, ScreeningSettings, StageOrder


class CheckPackageResource(LookupResource):
    certn_package_id = fields.Field(attribute="certn_package_id", widget=UUIDWidget())
    picked = CheckPackageForm.picked

    class Meta:
        model = CheckPackage
        fields = ["region", "certn_package_id", "name", "description", "tags", "for_ats_use", "icims_package_id"]
        import_id_fields = ["region", "certn_package_id"]


class ScreeningSettingsResource(LookupResource):
    icims_connection = fields.Field(
        attribute="icims_connection", column_name="icims_connection", widget=ConnectionWidget("icims")
    )
    certn_connection = fields.Field(
        attribute="certn_connection", column_name="certn_connection", widget=ConnectionWidget("certn")
    )
    default_group_id = fields.Field(attribute="default_group_id", widget=UUIDWidget())
    picked = ScreeningSettingsForm.picked

    class Meta:
        model = ScreeningSettings
        fields = ScreeningSettingsForm.Meta.fields  # a sheet's columns are the form's fields
        import_id_fields = ["icims_connection"]


class SettingsByIcimsSlug(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(ScreeningSettings, field="icims_connection__slug")

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip()
        found = ScreeningSettings.objects.filter(icims_connection__slug=slug).first()
        if found is None:
            raise ValueError(f"No screening settings for the iCIMS connection {slug!r}: import those first.")
        return found


class PackageByCertnId(widgets.ForeignKeyWidget):
    """A package by its Certn id; where two regions hold that id, the integration's region decides."""

    def __init__(self):
        super().__init__(CheckPackage, field="certn_package_id")

    def clean(self, value, row=None, **kwargs):
        package_id = str(value or "").strip()
        try:
            found = list(CheckPackage.objects.filter(certn_package_id=package_id))
        except ValidationError:  # not a UUID: said below in words
            found = []
        if not found:
            raise ValueError(f"No package {package_id!r} in the packages table: add or import it there first.")
        settings = ScreeningSettings.objects.filter(icims_connection__slug=str((row or {}).get("settings"))).first()
        region = settings.certn_region if settings else None
        return next((p for p in found if p.region == region), found[0])


class StageOrderResource(LookupResource):
    settings = fields.Field(attribute="settings", column_name="settings", widget=SettingsByIcimsSlug())
    package = fields.Field(attribute="package", column_name="package", widget=PackageByCertnId())
    picked = stage_order_picked

    class Meta:
        model = StageOrder
        fields = ["settings", "status_id", "status_name", "job_location", "package", "enabled"]
        import_id_fields = ["settings", "status_id", "job_location"]


class CertnGroupResource(LookupResource):
    certn_connection = fields.Field(
        attribute="certn_connection", column_name="certn_connection", widget=ConnectionWidget("certn")
    )

    class Meta:
        model = CertnGroup
        fields = ["certn_connection", "group_id", "short_id", "name", "is_active", "fetched_at"]
        import_id_fields = ["certn_connection", "group_id"]
