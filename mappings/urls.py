"""URLs shared by the lookup tables (under /admin/, so the admin's login guards them)."""

from django.urls import path

from mappings.views import picker

app_name = "mappings"
urlpatterns = [path("pickers/<slug:name>/", picker, name="picker")]
