"""The emulator's tables lose the Icims prefix (they now live in integrations/icims/sandbox/models.py).

Profile is abstract (Person, Job and Workflow each have their own table, no parent link), so only
the models are renamed; RenameModel also repoints the foreign keys and renames the tables.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("icims", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="IcimsCustomer", new_name="Customer"),
        migrations.RenameModel(old_name="IcimsStatus", new_name="Status"),
        migrations.RenameModel(old_name="IcimsPerson", new_name="Person"),
        migrations.RenameModel(old_name="IcimsJob", new_name="Job"),
        migrations.RenameModel(old_name="IcimsWorkflow", new_name="Workflow"),
        migrations.RenameModel(old_name="IcimsFile", new_name="File"),
        migrations.RenameModel(old_name="IcimsNotificationTarget", new_name="NotificationTarget"),
    ]
