from django.apps import AppConfig


class DoceboConfig(AppConfig):
    name = "integrations.docebo"
    label = "docebo"
    verbose_name = "Docebo (client and sandbox)"
