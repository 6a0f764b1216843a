from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Sync: inbox, flows and runs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sync import permissions
        from sync.flows import registry

        registry.autodiscover()
        # After every app's migrations, not only this one's: the lookup-table apps come after `sync`,
        # and on a fresh database their permissions exist only once their own post_migrate has run.
        post_migrate.connect(permissions.grant_group_permissions, dispatch_uid="crosswalk-group-permissions")
