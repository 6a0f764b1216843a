from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Sync: inbox, flows and runs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sync import permissions
        from sync.flows import registry

        registry.autodiscover()
        # Every app's post_migrate reaches it; it acts on the last one, when every permission exists
        # (the lookup-table apps come after `sync`, so granting on sync's own signal found none of theirs).
        post_migrate.connect(permissions.grant_on_post_migrate, dispatch_uid="crosswalk-group-permissions")
