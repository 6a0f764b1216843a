"""The 'Other Certn regions' rows of the integration settings: a Certn connection per extra region,
each with its own default group (groups belong to one Certn account)."""

from django import forms
from django.contrib import admin

from mappings.screening.forms import DefaultGroupMixin
from mappings.screening.models import CertnRegion, connection_region


class CertnRegionForm(DefaultGroupMixin, forms.ModelForm):
    group_help = "Checks ordered from this region are assigned to this group."

    class Meta:
        model = CertnRegion
        fields = ["certn_connection", "default_group_id", "default_group_name"]

    def group_choices(self) -> list[tuple[str, str]]:
        # a new row has no account yet, and another account's groups are no choice for it
        return super().group_choices() if self.instance.certn_connection_id else []


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
