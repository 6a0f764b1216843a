"""Forms of the compliance lookup tables: fields that name something in iCIMS or Credentially are
picked from what that system lists, and a field mapping's value map is edited as rows.

The transform options stay one JSON value on the row (`transform_options`); the form shows the
date format, the value map's rows and its default as three fields and writes them back.
"""

from django import forms

from mappings.compliance.catalogue import ATS_SOURCE_FIELDS
from mappings.compliance.models import Direction, FieldMapping, StageTrigger, Transform
from mappings.forms import Picked, PickerFormMixin, PickerInput, chosen_in
from mappings.picker_sources import CREDENTIALLY_ROLES, ICIMS_PERSON_FIELDS, ICIMS_STATUSES
from mappings.value_maps import ValueMapField


class StageTriggerForm(PickerFormMixin, forms.ModelForm):
    picked = {
        "status": Picked(ICIMS_STATUSES, chosen_in(ICIMS_STATUSES, "ats_connection")),
        "role_name": Picked(CREDENTIALLY_ROLES, chosen_in(CREDENTIALLY_ROLES, "credentially_connection")),
    }

    class Meta:
        model = StageTrigger
        fields = [
            "ats_connection",
            "status",
            "status_label",
            "credentially_connection",
            "role_name",
            "group_name",
            "send_invite_email",
            "is_active",
        ]
        widgets = {
            "status": PickerInput(ICIMS_STATUSES, depends="id_ats_connection"),
            "role_name": PickerInput(CREDENTIALLY_ROLES, depends="id_credentially_connection"),
        }


def _reads_candidate_id(value: str, values: dict) -> bool:
    # ATS -> Credentially rows may name the candidate's, workflow's or job's id, which are no iCIMS fields
    return values.get("direction") == Direction.TO_CREDENTIALLY and value in ATS_SOURCE_FIELDS


class FieldMappingForm(PickerFormMixin, forms.ModelForm):
    date_format = forms.CharField(
        required=False,
        max_length=40,
        help_text="Date format transform only: how the ATS wants dates, e.g. %d/%m/%Y (31/01/2026) or %m/%d/%Y.",
    )
    value_map = ValueMapField(
        required=False,
        help_text="Value map transform only: one row per value. 'From' is the value exactly as Credentially sends "
        "it (e.g. COMPLIANT), 'To' what the ATS should show (e.g. Cleared). Blank rows are ignored.",
    )
    value_default = forms.CharField(
        required=False,
        max_length=200,
        label="Value when not in the map",
        help_text="Value map transform only: written for any value that has no row. Blank: such values are "
        "copied unchanged.",
    )
    picked = {
        "ats_field": Picked(ICIMS_PERSON_FIELDS, chosen_in(ICIMS_PERSON_FIELDS, "ats_connection"), _reads_candidate_id),
    }

    class Meta:
        model = FieldMapping
        fields = [
            "ats_connection",
            "credentially_field",
            "ats_field",
            "is_custom",
            "direction",
            "transform",
            "is_active",
            "position",
        ]
        widgets = {"ats_field": PickerInput(ICIMS_PERSON_FIELDS, depends="id_ats_connection")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.instance.transform_options or {}
        if self.instance.transform == Transform.DATE:
            self.initial.setdefault("date_format", options.get("format", ""))
        if self.instance.transform == Transform.VALUE_MAP:
            self.initial.setdefault("value_map", options.get("map") or {})
            self.initial.setdefault("value_default", options.get("default", ""))

    def clean(self):
        data = super().clean()
        if "transform" not in self.fields:
            return data  # the list's editable columns (is active, position): the options stay as they are
        kind = data.get("transform", "")
        if kind == Transform.DATE:
            if not data.get("date_format"):
                self.add_error("date_format", "Give the date format the ATS wants, e.g. %d/%m/%Y.")
            elif "%" not in data["date_format"]:
                self.add_error("date_format", "Write it with % codes: %d day, %m month, %Y year, e.g. %d/%m/%Y.")
            self.instance.transform_options = {"format": data.get("date_format", "")}
        elif kind == Transform.VALUE_MAP:
            if not data.get("value_map") and "value_map" not in self.errors:
                self.add_error("value_map", "Add at least one row: a value Credentially sends and what the ATS gets.")
            options = {"map": data.get("value_map") or {}}
            if data.get("value_default"):
                options["default"] = data["value_default"]
            self.instance.transform_options = options
        else:
            self.instance.transform_options = {}
        return data

    def _update_errors(self, errors):
        # The model checks the options as one JSON value, a field this form does not show: its
        # complaint goes to the field the admin edits, unless that field already says it in words.
        if hasattr(errors, "error_dict") and "transform_options" in errors.error_dict:
            said = errors.error_dict.pop("transform_options")
            shown = "date_format" if self.cleaned_data.get("transform") == Transform.DATE else "value_map"
            if shown not in self.errors:
                errors.error_dict.setdefault(shown, []).extend(said)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
