from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Sync: inbox, flows and runs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sync import permissions
        from sync.flows import registry

        registry.autodiscover()
        post_migrate.connect(permissions.grant_group_permissions, sender=self)
