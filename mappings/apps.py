from django.apps import AppConfig


class MappingsConfig(AppConfig):
    """What the lookup tables share (pickers, CSV import/export, value-map rows); no models."""

    name = "mappings"
    label = "mappings"
    verbose_name = "Lookup tables"

    def ready(self) -> None:
        from mappings import probes  # noqa: F401  (registers the pickers' probes in the connection check)
