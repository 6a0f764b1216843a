"""The Credly emulator: the real API paths under /sandbox/credly/v1/organizations/{org}/.

State lives in models.py; writers (which fire the webhooks) in state.py; the emulated API in
api.py (URL patterns) with its views in api_badges.py and api_templates.py, its plumbing in
http.py, its JSON in render.py and its OAuth token endpoint in oauth.py; the page's actions and
tables in pages.py; the demo tenant in seed.py.
"""

from django.db import transaction

from integrations.credly.sandbox import http, seed
from integrations.credly.sandbox.models import AuthorizationToken, Organization
from integrations.sandbox.base import Emulator


class CredlyEmulator(Emulator):
    system = "credly"
    label = "Credly"
    api_prefix = "/v1"
    variants = {
        "no_single_badge_endpoint": "GET /organizations/{org}/badges/{id} is not in Credly's public documentation: "
        "the emulator answers it with Credly's JSON 404, as a tenant without it would. Every documented "
        "endpoint (the badge list, the high-volume search, events) answers as usual.",
    }

    def seed(self) -> None:
        seed.seed()

    def credentials(self) -> dict:
        return {"auth_token": self._token().token}

    def settings(self) -> dict:
        return {"organization_id": str(self._token().organization_id)}

    def oauth_credentials(self) -> dict:
        """The seeded OAuth application, for connections that use client credentials."""
        app = self._token().organization.oauth_applications.get(name=seed.OAUTH_APP_NAME)
        return {"client_id": app.client_id, "client_secret": app.client_secret}

    @transaction.atomic
    def register_hub(self, *, url: str, username: str = "", secret: str = "", slug: str = "") -> None:
        """Set the organisation's webhook_url, as an admin would (PUT /organizations/{org})."""
        Organization.objects.filter(pk=self._token().organization_id).update(webhook_url=url)

    def _token(self) -> AuthorizationToken:
        token = AuthorizationToken.objects.filter(description=seed.TOKEN_DESCRIPTION).first()
        if token is None:
            seed.seed()
            token = AuthorizationToken.objects.get(description=seed.TOKEN_DESCRIPTION)
        return token

    def error_response(self, request, status: int, message: str):
        return http.error(status, message)


EMULATOR = CredlyEmulator()
