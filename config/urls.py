"""URLs: admin, webhook intake, health, REST API and its schema, and the sandbox when enabled."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sync.views import healthz

admin.site.site_header = "Crosswalk"
admin.site.site_title = "Crosswalk admin"
admin.site.index_title = "Integration hub"

# Error pages in the admin's look with a way back (templates/403.html, 404.html, 500.html).
handler403 = "sync.error_views.permission_denied"
handler404 = "sync.error_views.page_not_found"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", include("mappings.urls")),  # the lookup tables' pickers (admin login)
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("sync.urls")),
    path("api/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("integrations.sandbox.urls")))
