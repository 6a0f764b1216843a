from importlib import import_module

from django.apps import AppConfig
from django.conf import settings


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Connections"

    def import_models(self) -> None:
        super().import_models()
        # The sandbox's fault switches and deliveries are this app's tables (and migrations), kept
        # beside the emulators; imported by name so no production module imports the sandbox.
        import_module(f"{self.name}.sandbox.models")

    def ready(self) -> None:
        from integrations import checks  # noqa: F401  (registers system checks)

        if settings.SANDBOX_ENABLED:
            import_module(f"{self.name}.sandbox.admin")
