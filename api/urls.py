"""REST API routes (mounted at /api/): people, their compliance, checks, references, documents, files, erasures."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from api import privacy, views

app_name = "api"
router = DefaultRouter()
router.register("people", views.PersonViewSet, basename="person")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("erasures", privacy.ErasureViewSet, basename="erasure")

urlpatterns = [
    *router.urls,
    path("files/<int:pk>/download/", views.FileDownloadView.as_view(), name="file-download"),
]
