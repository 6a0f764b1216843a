"""The 'Other Certn regions' rows of the integration settings: a Certn connection per extra region,
each with its own default group (groups belong to one Certn account)."""

from django import forms
from django.contrib import admin

from mappings.screening.models import CertnGroup, CertnRegion, connection_region
from mappings.screening.services import group_choices


class CertnRegionForm(forms.ModelForm):
    class Meta:
        model = CertnRegion
        fields = ["certn_connection", "default_group_id", "default_group_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.certn_connection_id:
            return
        choices = group_choices(connection=self.instance.certn_connection)
        if choices:
            field = self.fields["default_group_id"]
            self.fields["default_group_id"] = forms.TypedChoiceField(
                choices=[("", "- the account's main group -"), *choices],
                required=False,
                empty_value=None,
                label=field.label,
                help_text="Checks ordered from this region are assigned to this group. Not listed? Use 'Fetch "
                "groups from Certn' on the list of screening settings.",
            )

    def clean(self):
        data = super().clean()
        group_id = data.get("default_group_id")
        group = CertnGroup.objects.filter(group_id=group_id).first() if group_id else None
        if group is not None:
            data["default_group_name"] = group.name
        return data


class CertnRegionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Two rows of one region, or a row of the main region, would leave a package two accounts to
        order from: one Certn connection per region."""
        super().clean()
        main = self.instance.certn_connection if self.instance.certn_connection_id else None
        seen = {connection_region(main)} if main else set()
        for form in self.forms:
            conn = form.cleaned_data.get("certn_connection") if hasattr(form, "cleaned_data") else None
            if conn is None or form.cleaned_data.get("DELETE"):
                continue
            region = connection_region(conn)
            if region in seen:
                raise forms.ValidationError(
                    f"Certn {region} is there twice (the main connection counts): one Certn connection per region."
                )
            seen.add(region)


class CertnRegionInline(admin.TabularInline):
    model = CertnRegion
    form = CertnRegionForm
    formset = CertnRegionFormSet
    extra = 0
    verbose_name_plural = "Other Certn regions (hiring in more than one: each package is ordered in its region)"
