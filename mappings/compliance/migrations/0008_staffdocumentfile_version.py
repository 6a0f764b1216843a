# The version number of each file, as Credentially counts a document's versions, so that the
# versions its API never showed (uploaded before the link, or replaced between two reads) can be
# named. Files seen before this release are numbered in the order they were seen, as the
# documents log numbered them until now.

from django.db import migrations, models


def number_seen_files(apps, schema_editor):
    StaffDocumentFile = apps.get_model("compliance", "StaffDocumentFile")
    numbers = {}
    for pk, document_id in StaffDocumentFile.objects.order_by("document_id", "seen_at", "id").values_list(
        "pk", "document_id"
    ):
        numbers[document_id] = numbers.get(document_id, 0) + 1
        StaffDocumentFile.objects.filter(pk=pk).update(version=numbers[document_id])


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0007_help_text_placeholders_escaped"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffdocumentfile",
            name="version",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Which version of the document this file is, as Credentially counts them (the document's count of versions when this file was its current one). Missing numbers are versions Credentially's API never showed the hub: it shows only a document's current file.",
                null=True,
            ),
        ),
        migrations.RunPython(number_seen_files, migrations.RunPython.noop),
    ]
