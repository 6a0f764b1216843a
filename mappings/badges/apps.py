from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "mappings.badges"
    label = "badges"
    verbose_name = "Docebo <-> Credly: lookup tables"
