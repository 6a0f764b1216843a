from django.apps import AppConfig


class CredlyConfig(AppConfig):
    name = "integrations.credly"
    label = "credly"
    verbose_name = "Credly (client and sandbox)"
