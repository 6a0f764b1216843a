from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mappings.screening"
    label = "screening"
    verbose_name = "iCIMS <-> Certn: lookup tables"

    def ready(self) -> None:
        from mappings.screening import privacy

        privacy.register()  # background checks: found and erased by "Forget this person"
