from django.urls import include, path, re_path

from integrations.sandbox import views, webhook_views
from integrations.sandbox.base import emulators

app_name = "sandbox"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:system>/", views.page, name="page"),
    path("<slug:system>/_actions/<slug:name>/", views.run_action, name="action"),
    path("<slug:system>/_faults/", views.save_faults, name="faults"),
    path("<slug:system>/_variants/", views.save_variants, name="variants"),
    path("<slug:system>/_webhook/", webhook_views.webhook_save, name="webhook-save"),
    path("<slug:system>/_webhook/fill/", webhook_views.webhook_fill, name="webhook-fill"),
    path("<slug:system>/_webhook/remove/", webhook_views.webhook_remove, name="webhook-remove"),
]
for _system, _emulator in emulators().items():
    urlpatterns.append(path(f"{_system}/", include((_emulator.urlpatterns(), _system), namespace=f"{_system}-api")))
# Last: a path no emulator knows gets that vendor's JSON 404, as the real API would answer, not an HTML page.
urlpatterns.append(re_path(r"^(?P<system>[a-z]+)/(?P<rest>.+)$", views.unknown_path, name="unknown-path"))
