# The engine's models carry the words of DESIGN.md: Flow, Run, Record, Link (SyncRun and
# SyncRecord were the only two with a prefix). Tables are renamed; rows and links are kept.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0005_help_texts"),
    ]

    operations = [
        migrations.RenameModel(old_name="SyncRun", new_name="Run"),
        migrations.RenameModel(old_name="SyncRecord", new_name="Record"),
    ]
