"""A value map edited as rows "from -> to", with add and remove buttons, stored as a dict.

The field mapping keeps its transform options as JSON ({"map": {...}, "default": ...}); admins
edit the map as key/value rows instead (mappings/static/mappings/value-map.js adds and removes
rows; without JavaScript the rows shown, plus three blank ones, still work).
"""

from django import forms
from django.utils.html import format_html, format_html_join

BLANK_ROWS = 3


class ValueMapWidget(forms.Widget):
    """Rows of two inputs, posted as `<name>_from` / `<name>_to` lists in the same order."""

    class Media:
        js = ["mappings/value-map.js"]
        css = {"all": ["mappings/lookup-tables.css"]}

    def format_value(self, value):
        if isinstance(value, dict):
            return list(value.items())
        return list(value or [])

    def value_from_datadict(self, data, files, name):
        sources, targets = data.getlist(f"{name}_from"), data.getlist(f"{name}_to")
        return list(zip(sources, targets, strict=False))

    def value_omitted_from_data(self, data, files, name):
        return f"{name}_from" not in data

    def render(self, name, value, attrs=None, renderer=None):
        rows = [*self.format_value(value), *[("", "")] * BLANK_ROWS]
        body = format_html_join(
            "",
            '<tr class="value-map-row"><td><input type="text" name="{0}_from" value="{1}" aria-label="From"></td>'
            '<td class="value-map-arrow">-&gt;</td>'
            '<td><input type="text" name="{0}_to" value="{2}" aria-label="To"></td>'
            '<td><button type="button" class="value-map-remove" title="Remove this row">Remove</button></td></tr>',
            ((name, source, target) for source, target in rows),
        )
        element_id = (attrs or {}).get("id", f"id_{name}")
        return format_html(
            '<div class="value-map" id="{}"><table><thead><tr><th>From (as Credentially sends it)</th><th></th>'
            "<th>To (as the ATS should get it)</th><th></th></tr></thead><tbody>{}</tbody></table>"
            '<button type="button" class="value-map-add">Add a row</button></div>',
            element_id,
            body,
        )


class ValueMapField(forms.Field):
    """Cleans the rows into a dict: blank rows dropped, a "to" without its "from" or a repeated
    "from" refused (a map can give one value only one result)."""

    widget = ValueMapWidget

    def to_python(self, value) -> dict:
        if isinstance(value, dict):
            return value
        mapping: dict[str, str] = {}
        for source, target in value or []:
            source, target = (source or "").strip(), (target or "").strip()
            if not source and not target:
                continue
            if not source:
                raise forms.ValidationError(f"The row giving {target!r} says nothing to map from: fill in 'From'.")
            if source in mapping:
                raise forms.ValidationError(f"{source!r} is on two rows: keep one, a value can only map to one result.")
            mapping[source] = target
        return mapping

    def has_changed(self, initial, data) -> bool:
        return dict(initial or {}) != self.to_python(data)
