"""The connection form: built from the system's spec, secrets write-only."""

import json

from django import forms
from django.utils.html import escape

from integrations.hosts import base_url_problem
from integrations.models import Connection
from integrations.systems import spec

KEEP = "Set. Leave blank to keep it; type a new value to replace it."
EMPTY = "Not set yet."


class ConnectionForm(forms.ModelForm):
    """Adds one write-only input per credential and one input per declared setting of the system."""

    class Meta:
        model = Connection
        fields = ["system", "name", "slug", "region", "base_url", "enabled", "notification_email", "settings"]
        widgets = {"system": forms.HiddenInput()}
        labels = {"settings": "Other settings (JSON)"}

    def __init__(self, *args, system: str, can_edit_credentials: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.system_spec = spec(system)
        self.fields["system"].initial = system
        self.fields["region"] = forms.ChoiceField(
            choices=[("", f"Default ({self.system_spec.default_region})"), *self.system_spec.region_choices()],
            required=False,
            help_text=escape(
                f"{Connection._meta.get_field('region').help_text} {self.system_spec.region_help}".strip()
            ),
        )
        current = self.instance.credentials if self.instance.pk else {}
        self.credential_names = []
        if can_edit_credentials:
            for f in self.system_spec.credentials:
                is_set = bool(current.get(f.name))
                self.fields[f"cred_{f.name}"] = forms.CharField(
                    label=f.label,
                    required=f.required and not is_set and not self.instance.pk,
                    widget=forms.PasswordInput(
                        render_value=False,
                        attrs={"autocomplete": "new-password", "placeholder": "set" if is_set else ""},
                    ),
                    help_text=escape(f"{f.help} {KEEP if is_set else EMPTY}"),
                )
                self.credential_names.append(f.name)
                if is_set and not f.required:  # an optional secret can be removed (e.g. Certn's signing secret)
                    self.fields[f"clear_{f.name}"] = forms.BooleanField(
                        label=f"Clear {f.label.lower()}", required=False, help_text="Tick to remove it."
                    )
        declared = {f.name for f in self.system_spec.settings}
        self.initial["settings"] = {k: v for k, v in (self.instance.settings or {}).items() if k not in declared}
        for f in self.system_spec.settings:
            self.fields[f"setting_{f.name}"] = forms.CharField(
                label=f.label,
                required=f.required,
                help_text=escape(f.help),  # specs are plain text; the admin renders help as HTML
                initial=(self.instance.settings or {}).get(f.name, ""),
            )

    def clean_base_url(self):
        value = self.cleaned_data.get("base_url", "")
        problem = base_url_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_settings(self):
        value = self.cleaned_data.get("settings") or {}
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise forms.ValidationError(f"Not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise forms.ValidationError('Write an object, e.g. {"max_file_bytes": 10485760}.')
        return value

    def clean(self):
        cleaned = super().clean()
        settings = dict(cleaned.get("settings") or {})
        for f in self.system_spec.settings:
            settings[f.name] = cleaned.get(f"setting_{f.name}", "").strip()
        cleaned["settings"] = settings
        return cleaned

    def credential_values(self) -> dict[str, str | None]:
        """Each credential's new value: blank keeps it, None removes it (its "Clear" box ticked)."""
        return {
            name: None if self.cleaned_data.get(f"clear_{name}") else self.cleaned_data.get(f"cred_{name}", "")
            for name in self.credential_names
        }

    def save(self, commit=True):
        self.instance.settings = self.cleaned_data["settings"]
        return super().save(commit=commit)
