"""The Docebo sandbox's Webhooks app keeps several webhooks, each with its events (was one row of
platform settings): the one configured moves over, subscribed to every event it used to send."""

from django.db import migrations, models

EVENTS = [
    "course.enrollment.completed",
    "learningplan.enrollment.completed",
    "certification.user.assigned",
    "certification.user.updated",
    "certification.user.unassigned",
    "certification.user.expired",
]


def move_webhook(apps, schema_editor):
    settings = apps.get_model("docebo", "PlatformSettings").objects.filter(pk=1).first()
    if settings is None or not settings.webhook_url:
        return
    apps.get_model("docebo", "Webhook").objects.create(
        name=f"Crosswalk {settings.hub_slug}".strip(),
        payload_url=settings.webhook_url,
        username=settings.webhook_username,
        password=settings.webhook_password,
        events=EVENTS,
        group_payloads=settings.group_payloads,
    )


class Migration(migrations.Migration):
    dependencies = [("docebo", "0003_certificationaward_external")]

    operations = [
        migrations.CreateModel(
            name="Webhook",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="The webhook's name in Docebo.", max_length=100, unique=True)),
                ("payload_url", models.URLField(help_text="Where Docebo POSTs the events.", max_length=500)),
                (
                    "username",
                    models.CharField(blank=True, help_text="HTTP Basic username sent with each call.", max_length=100),
                ),
                (
                    "password",
                    models.CharField(blank=True, help_text="HTTP Basic password sent with each call.", max_length=200),
                ),
                (
                    "events",
                    models.JSONField(blank=True, default=list, help_text="Event names this webhook is subscribed to."),
                ),
                (
                    "group_payloads",
                    models.BooleanField(default=False, help_text="Allow the platform to group payloads (at most 25 a message)."),
                ),
                ("active", models.BooleanField(default=True, help_text="Off: the webhook sends nothing.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.RunPython(move_webhook, migrations.RunPython.noop),
        migrations.RemoveField(model_name="platformsettings", name="webhook_url"),
        migrations.RemoveField(model_name="platformsettings", name="webhook_username"),
        migrations.RemoveField(model_name="platformsettings", name="webhook_password"),
        migrations.RemoveField(model_name="platformsettings", name="hub_slug"),
        migrations.RemoveField(model_name="platformsettings", name="group_payloads"),
        migrations.RemoveField(model_name="platformsettings", name="webhook_id"),
    ]
