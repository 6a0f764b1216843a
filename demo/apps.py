from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's seeders and `manage.py seed_demo`; it has no tables."""

    name = "demo"
    verbose_name = "Demo"
