from importlib import import_module

from django.apps import AppConfig


class IcimsConfig(AppConfig):
    name = "integrations.icims"
    label = "icims"
    verbose_name = "iCIMS (client and sandbox)"

    def import_models(self) -> None:
        super().import_models()
        # This app's tables are the emulator's; they live in sandbox/models.py, imported by
        # name so that no production module imports the sandbox.
        self.models_module = import_module(f"{self.name}.sandbox.models")
