from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "mappings.compliance"
    label = "compliance"
    verbose_name = "ATS <-> Credentially: lookup tables"
    # The admin lists the mirror (models/mirror.py) apart from the lookup tables, under this heading.
    mirror_verbose_name = "ATS <-> Credentially: synced staff and documents (mirror)"

    def ready(self) -> None:
        from mappings.compliance import privacy

        privacy.register()  # document files: retention (and erasure) under the hub's privacy rules
