"""CSV import and export of the lookup tables (django-import-export), shared by every connector.

- An import is first a dry run whose preview shows each row as new, updated, skipped (unchanged)
  or invalid, with the row's error; the confirm button appears only when no row has an error, and
  the confirmed import runs in one transaction rolled back on any error: a bad row saves nothing.
- Rows name other rows by natural keys: a connection by its slug, a template by its Credly id,
  the screening settings by their iCIMS connection's slug, never by database ids.
- Values that name something in another system are checked as the admin form checks them
  (mappings/pickers.py): missing ones are row errors with the nearest matches; an unreadable
  system gives a warning on the preview page instead.
- Who: import needs the table's change permission (and add, where rows can be added); export its
  view permission. Mapping editors have both on their tables.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV

from integrations.models import Connection
from mappings.pickers import check_value


class ConnectionWidget(widgets.ForeignKeyWidget):
    """A connection by its slug (the name in its webhook URL), of one of `systems`."""

    def __init__(self, *systems: str):
        super().__init__(Connection, field="slug")
        self.systems = systems
        self.known: dict[str, Connection | None] = {}  # per import (a resource copies its widgets): one query a slug

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip()
        if not slug:
            return None
        if slug not in self.known:
            self.known[slug] = Connection.objects.filter(slug=slug).first()
        conn = self.known[slug]
        if conn is None:
            raise ValueError(f"No connection has the slug {slug!r}: use the slug in the connection's webhook URL.")
        if conn.system not in self.systems:
            raise ValueError(
                f"{slug!r} is a {conn.get_system_display()} connection; this column takes a "
                f"{' or '.join(self.systems)} connection."
            )
        return conn


class UUIDWidget(widgets.Widget):
    """A UUID column: blank is none, anything else must be a UUID (compared as one, so unchanged rows skip)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an id of the form 5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class LookupResource(resources.ModelResource):
    """A lookup table's CSV shape; `picked` ({field: mappings.forms.Picked}) are checked like the form."""

    picked: dict = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.picker_warnings: list[str] = kwargs.get("picker_warnings", [])

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def picker_values(self, instance) -> dict:
        return {f.name: getattr(instance, f.name, None) for f in instance._meta.concrete_fields}

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        before = type(instance).objects.filter(pk=instance.pk).values().first() if instance.pk else None
        values = self.picker_values(instance)
        for name, picked in self.picked.items():
            value = str(getattr(instance, name) or "").strip()
            if name in errors or not value or picked.skip(value, values):
                continue
            if before is not None and str(before.get(name) or "").strip() == value:
                continue  # unchanged: the form does not re-check it either
            verdict = check_value(picked.source, picked.target(values), value)
            if verdict.errors:
                errors[name] = verdict.errors
            self.picker_warnings.extend(verdict.warnings)
        if errors:
            raise ValidationError(errors)


class LookupExportMixin(ExportMixin):
    formats = [CSV]

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class LookupImportExportMixin(ImportExportMixin):
    formats = [CSV]

    import_template_name = "admin/mappings/import.html"  # the preview shows each row's error in the row
    import_error_display = ("message", "row", "traceback")  # the traceback folded away, one click off

    def has_import_permission(self, request):
        adds = self.has_add_permission(request) or not self.import_creates_rows
        return adds and self.has_change_permission(request)

    import_creates_rows = True  # False where the table is filled by a sync (templates): import updates only

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "picker_warnings": request.__dict__.setdefault("picker_warnings", [])}

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        for warning in dict.fromkeys(request.__dict__.get("picker_warnings", [])):
            messages.warning(request, warning)
        return response
