from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "mappings.badges"
    label = "badges"
    verbose_name = "Docebo <-> Credly: lookup tables"

    def ready(self) -> None:
        from mappings.badges import privacy

        privacy.register()  # "Forget this person": learners are known by their Docebo user id
