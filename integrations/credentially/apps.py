from django.apps import AppConfig


class CredentiallyConfig(AppConfig):
    name = "integrations.credentially"
    label = "credentially"
    verbose_name = "Credentially (client and sandbox)"
