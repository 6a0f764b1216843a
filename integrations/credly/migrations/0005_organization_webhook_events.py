from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("credly", "0004_issued_badge_live_guard")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="webhook_events",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Events ticked under Developers > Webhooks (newer tenants); empty: every event (older tenants).",
            ),
        ),
    ]
