"""The admin site: Django's, with each lookup app's mirror listed in a section of its own, and the
home dashboard, Getting started and the setup checklists of sync/console/.

The mirror (staff members, documents, ATS calls per day: mappings/<app>/models/mirror.py) is what
the hub synced, not something anyone types in, so it does not sit among the lookup tables. Its
section is named by the app's `mirror_verbose_name`.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig

from sync.console.site import ConsoleSiteMixin


class CrosswalkAdminSite(ConsoleSiteMixin, AdminSite):  # its index is the home dashboard (sync/console/)
    def get_app_list(self, request, app_label=None):
        from django.apps import apps

        from sync.permissions import is_mirror

        sections = []
        for app in super().get_app_list(request, app_label):
            tables = [m for m in app["models"] if not is_mirror(m["model"])]
            mirror = [m for m in app["models"] if is_mirror(m["model"])]
            if tables:
                sections.append({**app, "models": tables})
            if mirror:
                config = apps.get_app_config(app["app_label"])
                name = getattr(config, "mirror_verbose_name", f"{app['name']}: synced records")
                sections.append({**app, "name": name, "models": mirror})
        return sections


class CrosswalkAdminConfig(AdminConfig):
    default_site = "config.admin_site.CrosswalkAdminSite"
