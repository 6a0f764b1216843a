from importlib import import_module

from django.apps import AppConfig


class CertnConfig(AppConfig):
    name = "integrations.certn"
    label = "certn"
    verbose_name = "Certn (client and sandbox)"

    def import_models(self) -> None:
        super().import_models()
        # This app's tables are the emulator's; they live in sandbox/models.py, imported by
        # name so that no production module imports the sandbox.
        self.models_module = import_module(f"{self.name}.sandbox.models")
