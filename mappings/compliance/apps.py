from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "mappings.compliance"
    label = "compliance"
    verbose_name = "ATS <-> Credentially: lookup tables"
