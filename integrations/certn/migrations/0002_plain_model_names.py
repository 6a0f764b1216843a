"""The emulator's models lose their `Emu` prefix (they live in sandbox/models.py now)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certn", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="EmuAccount", new_name="Account"),
        migrations.RenameModel(old_name="EmuPackage", new_name="Package"),
        migrations.RenameModel(old_name="EmuGroup", new_name="Group"),
        migrations.RenameModel(old_name="EmuCase", new_name="Case"),
        migrations.RenameModel(old_name="EmuInvite", new_name="Invite"),
        migrations.RenameModel(old_name="EmuReportFile", new_name="ReportFile"),
    ]
