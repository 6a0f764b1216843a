# Document files are encrypted at rest from here on (integrations/storage.py). Files written in
# the clear before this release are encrypted in place by this migration, with the first
# FIELD_ENCRYPTION_KEYS key; files already encrypted are left as they are.

import integrations.storage
from django.db import migrations, models


def encrypt_clear_files(apps, schema_editor):
    StaffDocumentFile = apps.get_model("compliance", "StaffDocumentFile")
    storage = integrations.storage.document_storage()
    names = StaffDocumentFile.objects.exclude(content="").values_list("content", flat=True)
    for name in names.iterator():
        storage.reseal(name, rotate=False)


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0005_rename_documentfile_staffdocumentfile'),
    ]

    operations = [
        migrations.AlterField(
            model_name='staffdocumentfile',
            name='content',
            field=models.FileField(blank=True, help_text='The file as downloaded from Credentially, encrypted at rest; only the REST API serves it.', storage=integrations.storage.document_storage, upload_to='compliance/files/%Y/%m/'),
        ),
        migrations.RunPython(encrypt_clear_files, migrations.RunPython.noop),
    ]
