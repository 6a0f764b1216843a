from django.apps import AppConfig


class IcimsConfig(AppConfig):
    name = "integrations.icims"
    label = "icims"
    verbose_name = "iCIMS (client and sandbox)"
