"""The emulator's BadgeTemplate is now Template, so it is not taken for the lookup table
badges.BadgeTemplate. Only the table is renamed (credly_badgetemplate -> credly_template)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("credly", "0002_oauth"),
    ]

    operations = [
        migrations.RenameModel(old_name="BadgeTemplate", new_name="Template"),
    ]
