"""Forms of the screening lookup tables: the Certn package, the iCIMS status and the iCIMS report
file field are picked from what Certn and iCIMS list (mappings/pickers.py); the default Certn
group from the groups fetched from Certn."""

from django import forms

from mappings.forms import Picked, PickerFormMixin, PickerInput, chosen_in
from mappings.picker_sources import CERTN_PACKAGES, ICIMS_PERSON_FIELDS, ICIMS_STATUSES
from mappings.screening.models import CertnGroup, CheckPackage, ScreeningSettings, StageOrder
from mappings.screening.services import group_choices


class CheckPackageForm(PickerFormMixin, forms.ModelForm):
    picked = {"certn_package_id": Picked(CERTN_PACKAGES, chosen_in(CERTN_PACKAGES, "region", param="region"))}

    class Meta:
        model = CheckPackage
        fields = ["name", "certn_package_id", "region", "for_ats_use", "icims_package_id", "description", "tags"]
        widgets = {"certn_package_id": PickerInput(CERTN_PACKAGES, depends="id_region", param="region")}


def _icims_of_settings(values: dict):
    """The iCIMS connection of the integration a stage order belongs to (inline: the parent form's)."""
    settings = values.get("parent") or values.get("settings")
    connection = getattr(settings, "icims_connection", None) if settings is not None else None
    return ICIMS_STATUSES.target({"connection": connection} if connection else None)


stage_order_picked = {"status_id": Picked(ICIMS_STATUSES, _icims_of_settings)}


class StageOrderForm(PickerFormMixin, forms.ModelForm):
    """In the integration's page (inline) the statuses are those of the iCIMS connection chosen above."""

    picked = stage_order_picked

    class Meta:
        model = StageOrder
        fields = ["settings", "status_id", "status_name", "job_location", "package", "enabled"]
        widgets = {"status_id": PickerInput(ICIMS_STATUSES, depends="id_icims_connection")}


class DefaultGroupMixin:
    """`default_group_id` offered as a choice of the Certn groups fetched for the form's connection (typed by
    hand until they are fetched), and the chosen group's name kept beside its id."""

    group_help = ""

    def group_choices(self) -> list[tuple[str, str]]:
        connection = self.instance.certn_connection if self.instance.certn_connection_id else None
        return group_choices(connection=connection)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.group_choices()
        if choices:
            self.fields["default_group_id"] = forms.TypedChoiceField(
                choices=[("", "- the account's main group -"), *choices],
                required=False,
                empty_value=None,
                label=self.fields["default_group_id"].label,
                help_text=f"{self.group_help} Not listed? Use 'Fetch groups from Certn' on the list of screening "
                "settings.",
            )

    def clean(self):
        data = super().clean()
        group_id = data.get("default_group_id")
        group = CertnGroup.objects.filter(group_id=group_id).first() if group_id else None
        if group is not None:
            data["default_group_name"] = group.name
        return data


class ScreeningSettingsForm(DefaultGroupMixin, PickerFormMixin, forms.ModelForm):
    """The default group is picked from the Certn account's groups once they were fetched."""

    picked = {"report_file_field": Picked(ICIMS_PERSON_FIELDS, chosen_in(ICIMS_PERSON_FIELDS, "icims_connection"))}
    group_help = "Every ordered check is assigned to this Certn group."

    class Meta:
        model = ScreeningSettings
        fields = [
            "icims_connection",
            "certn_connection",
            "report_url_type",
            "report_file_field",
            "default_group_id",
            "default_group_name",
            "notification_email",
        ]
        widgets = {"report_file_field": PickerInput(ICIMS_PERSON_FIELDS, depends="id_icims_connection")}
