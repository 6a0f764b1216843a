from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mappings.screening"
    label = "screening"
    verbose_name = "iCIMS <-> Certn: lookup tables"
