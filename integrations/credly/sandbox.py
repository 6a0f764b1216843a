"""The Credly sandbox emulator: the real API paths under /sandbox/credly/v1/organizations/{org}/.

State lives in this app's models; writers in sandbox_state.py; endpoints in sandbox_views.py and
sandbox_template_views.py; the page's actions and tables in sandbox_page.py.
"""

from django.db import transaction
from django.urls import re_path

from integrations.credly import sandbox_oauth, sandbox_page, sandbox_seed
from integrations.credly import sandbox_template_views as template_views
from integrations.credly import sandbox_views as views
from integrations.credly.models import AuthorizationToken, Organization
from integrations.sandbox.base import Action, Emulator, Section

ORG = r"^v1/organizations/(?P<org_id>[^/]+)"
TEMPLATE = ORG + r"/badge_templates/(?P<template_id>[^/]+)"
BADGE = ORG + r"/badges/(?P<badge_id>[^/]+)"


class CredlyEmulator(Emulator):
    system = "credly"
    label = "Credly"
    api_prefix = "/v1"

    def urlpatterns(self) -> list:
        # Clients differ on trailing slashes and Credly accepts both (contract §4), hence `/?$`.
        return [
            re_path(r"^oauth/token/?$", sandbox_oauth.token, name="oauth-token"),
            re_path(ORG + r"/?$", views.organization, name="organization"),
            re_path(ORG + r"/badge_templates/?$", template_views.templates, name="badge-templates"),
            re_path(TEMPLATE + r"/?$", template_views.template, name="badge-template"),
            re_path(TEMPLATE + r"/archive/?$", template_views.template_archive, name="badge-template-archive"),
            re_path(TEMPLATE + r"/unarchive/?$", template_views.template_unarchive, name="badge-template-unarchive"),
            re_path(ORG + r"/badges/?$", views.badges, name="badges"),
            re_path(BADGE + r"/?$", views.badge, name="badge"),
            re_path(BADGE + r"/revoke/?$", views.badge_revoke, name="badge-revoke"),
            re_path(BADGE + r"/replace/?$", views.badge_replace, name="badge-replace"),
            re_path(ORG + r"/events/?$", views.events, name="events"),
            re_path(ORG + r"/events/(?P<event_id>[^/]+)/?$", views.event, name="event"),
        ]

    def actions(self) -> list[Action]:
        return sandbox_page.actions()

    def sections(self) -> list[Section]:
        return sandbox_page.sections()

    def seed(self) -> None:
        sandbox_seed.seed()

    def credentials(self) -> dict:
        return {"auth_token": self._token().token}

    def settings(self) -> dict:
        return {"organization_id": str(self._token().organization_id)}

    def oauth_credentials(self) -> dict:
        """The seeded OAuth application, for connections that use client credentials."""
        app = self._token().organization.oauth_applications.get(name=sandbox_seed.OAUTH_APP_NAME)
        return {"client_id": app.client_id, "client_secret": app.client_secret}

    @transaction.atomic
    def register_hub(self, *, url: str, username: str = "", secret: str = "", slug: str = "") -> None:
        """Set the organisation's webhook_url, as an admin would (PUT /organizations/{org})."""
        Organization.objects.filter(pk=self._token().organization_id).update(webhook_url=url)

    def _token(self) -> AuthorizationToken:
        token = AuthorizationToken.objects.filter(description=sandbox_seed.TOKEN_DESCRIPTION).first()
        if token is None:
            sandbox_seed.seed()
            token = AuthorizationToken.objects.get(description=sandbox_seed.TOKEN_DESCRIPTION)
        return token


EMULATOR = CredlyEmulator()
