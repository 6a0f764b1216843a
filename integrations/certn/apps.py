from django.apps import AppConfig


class CertnConfig(AppConfig):
    name = "integrations.certn"
    label = "certn"
    verbose_name = "Certn (client and sandbox)"
