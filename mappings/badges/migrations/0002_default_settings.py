"""Create the integration-settings rows that are missing, with sensible defaults."""

from django.db import migrations

DEFAULTS = {
    "BATCH_SYNC_START_DATE": "2024-01-01",
    "NOTIFICATION_MAIL_ID": "",
    "SYNC_REVOCATION": "false",
    "CREDLY_DEFAULT_EXPIRATION_DAYS": "",
    "EXTERNAL_TRAINING_INSTITUTE_NAME": "Credly",
    "COURSE_ADDITIONAL_FIELD": "Credly badge",
    "CREDLY_INTEGRATION_MASTER": "",
    "EVIDENCE_TITLE": "Issued by Crosswalk",
    "CREDLY_CONNECTION": "",
    "DOCEBO_CONNECTION": "",
}


def add_missing(apps, schema_editor):
    Setting = apps.get_model("badges", "IntegrationSetting")
    have = set(Setting.objects.filter(integration="CREDLY").values_list("key", flat=True))
    Setting.objects.bulk_create(
        [Setting(integration="CREDLY", key=k, value=v) for k, v in DEFAULTS.items() if k not in have])


class Migration(migrations.Migration):
    dependencies = [("badges", "0001_initial")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
