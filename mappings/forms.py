"""Form pieces the lookup tables share: the picker input, the check on save, and the admin mixin
that shows a picker's warnings after saving.

A picked field is a text input with a `<datalist>` the browser fills from the picker's JSON view
as the admin types (mappings/static/mappings/picker.js): the admin may choose from what the system
has, or type; `PickerFormMixin.clean` then refuses a value the system lacks, with the nearest
matches, and turns an unreadable system into a warning rather than an error (see mappings/pickers.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.urls import reverse

from mappings.pickers import Source, Target, check_value


class PickerInput(forms.TextInput):
    """A text input whose suggestions come from `/admin/pickers/<source>/` as the admin types.

    `depends` is the id of another input on the page whose value is sent as `param` (the ATS
    connection chosen on the form, the package's region), so the right account is listed."""

    def __init__(self, source: Source, *, depends: str = "", param: str = "connection", attrs=None):
        self.source, self.depends, self.param = source, depends, param
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {
            "data-picker-url": reverse("mappings:picker", args=[self.source.name]),
            "data-picker-noun": self.source.plural,
            "autocomplete": "off",
        }
        if self.depends:
            extra.update({"data-picker-depends": self.depends, "data-picker-param": self.param})
        context["widget"]["attrs"].update(extra)
        return context

    class Media:
        js = ["mappings/picker.js"]
        css = {"all": ["mappings/lookup-tables.css"]}


@dataclass(frozen=True)
class Picked:
    """One field checked against a source; `target(values)` says which connection(s) to ask, from
    the form's cleaned values (and `parent`, the object an inline row belongs to)."""

    source: Source
    target: Callable[[dict], Target]
    skip: Callable[[str, dict], bool] = lambda value, values: False


def chosen_in(source: Source, key: str, param: str = "connection") -> Callable[[dict], Target]:
    """Ask the connection (or region) chosen in the form's field `key`: every enabled one when blank."""
    return lambda values: source.target({param: values.get(key)})


class PickerFormMixin:
    """Checks each field of `picked` ({field name: Picked}) that was added or changed."""

    picked: dict[str, Picked] = {}

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.picker_warnings: list[str] = []

    def picker_values(self) -> dict:
        return {**self.cleaned_data, "parent": self.parent}

    def clean(self):
        data = super().clean()
        self.picker_warnings = []
        values = self.picker_values()
        for name, picked in self.picked.items():
            if name not in self.fields or name in self.errors or not data.get(name):
                continue
            if self.instance.pk and name not in self.changed_data:
                continue  # an unchanged value is the connection check's business, not this save's
            value = str(data[name]).strip()
            if picked.skip(value, values):
                continue
            verdict = check_value(picked.source, picked.target(values), value)
            for error in verdict.errors:
                self.add_error(name, error)
            self.picker_warnings.extend(verdict.warnings)
        return data


class ParentFormSet(forms.BaseInlineFormSet):
    """Gives each inline row the object it belongs to (its connections are on the parent form)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parent": self.instance}


class PickerAdminMixin:
    """Shows, after a save, the warnings of values saved unchecked (their system could not be read)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "picker_warnings", []):
            messages.warning(request, warning)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for row in formset.forms:
            for warning in getattr(row, "picker_warnings", []):
                messages.warning(request, warning)
