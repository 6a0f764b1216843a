"""The standard Credentially -> ATS field mapping rows (admins may switch them off or change them)."""

from django.db import migrations

from mappings.compliance.standard import ensure_standard_rows


def add_rows(apps, schema_editor):
    # The rows are plain data (mappings/compliance/standard.py); the historical model writes them.
    ensure_standard_rows(apps.get_model("compliance", "FieldMapping"))


def remove_rows(apps, schema_editor):
    apps.get_model("compliance", "FieldMapping").objects.filter(is_standard=True).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]
    operations = [migrations.RunPython(add_rows, remove_rows)]
