# The mirror's file versions are StaffDocumentFile: the Credentially emulator has a DocumentFile of its own.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0004_help_texts"),
    ]

    operations = [
        migrations.RenameModel(old_name="DocumentFile", new_name="StaffDocumentFile"),
    ]
