from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "mappings.compliance"
    label = "compliance"
    verbose_name = "ATS <-> Credentially: lookup tables"

    def ready(self) -> None:
        from mappings.compliance import privacy

        privacy.register()  # document files: retention (and erasure) under the hub's privacy rules
