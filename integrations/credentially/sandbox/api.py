"""The emulated API, mounted at /sandbox/credentially/: `gateway/` (REST) and `webhook-gateway/`.

The views are in `api_profiles` (set-up and staff), `api_records` (requirements, documents,
checks, references), `api_placements` and `api_webhooks` (the webhook-gateway).
"""

from django.urls import path

from integrations.credentially.sandbox import api_placements as placements
from integrations.credentially.sandbox import api_profiles as profiles
from integrations.credentially.sandbox import api_records as records
from integrations.credentially.sandbox import api_webhooks as hooks

G = "gateway/api/"


def urlpatterns() -> list:
    return [
        path(G + "profile/metadata", profiles.metadata),
        path(G + "profile/groups", profiles.groups),
        path(G + "profile/all", profiles.profiles_all),
        path(G + "profile/find", profiles.profile_find),
        path(G + "profile", profiles.profiles),
        path(G + "profile/<str:profile_id>", profiles.profile_detail),
        path(G + "profile/<str:profile_id>/right-to-work", records.right_to_work),
        path(G + "profile/<str:profile_id>/references", records.references),
        path(G + "compliance-packages", profiles.packages),
        path(G + "compliance-packages/<str:profile_id>", records.profile_packages),
        path(G + "documents/document-types", profiles.document_types),
        path(G + "documents/download", records.download),
        path(G + "documents/<str:profile_id>", records.documents),
        path(G + "dbs/<str:profile_id>", records.dbs_checks),
        path(G + "dbs/<str:profile_id>/<int:check_id>", records.dbs_check),
        path(G + "locations", placements.locations),
        path(G + "placement-roles", placements.placement_roles),
        path(G + "placements", placements.placements),
        path(G + "placements/<str:placement_id>", placements.placement),
        path("webhook-gateway/meta/events", hooks.event_types),
        path("webhook-gateway/subscriptions", hooks.subscriptions),
        path("webhook-gateway/subscriptions/<str:subscription_id>", hooks.subscription),
    ]
