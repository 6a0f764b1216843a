from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Connections"

    def ready(self) -> None:
        from integrations import checks  # noqa: F401  (registers system checks)
