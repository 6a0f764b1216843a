from django.urls import path

from sync import views

app_name = "sync"
urlpatterns = [
    path("hooks/<slug:slug>/", views.webhook, name="webhook"),
]
