"""Emulated `POST /oauth/token` (client credentials, contract §1.3) and bearer-token lookup.

Credly serves it on the web host (www.credly.com), not the API host; the emulator serves it at
/sandbox/credly/oauth/token, next to its /v1, which is where CredlyClient looks for it.
"""

import base64
import binascii
import hmac
import secrets
from datetime import timedelta

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.credly.sandbox.models import AccessToken, OAuthApplication, Organization

LIFETIME = 7200  # "about 2 hours", reported by a third party (unconfirmed)
SCOPES = {
    "authorization_tokens",
    "badge_templates",
    "events",
    "invitations",
    "issued_badges",
    "memberships",
    "recommendations",
    "workforce",
}


def _oauth_error(status: int, code: str, description: str) -> JsonResponse:
    return JsonResponse({"error": code, "error_description": description}, status=status)


@csrf_exempt
@require_POST
def token(request):
    if request.POST.get("grant_type") != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
    client_id, client_secret = _client_credentials(request)
    app = OAuthApplication.objects.filter(client_id=client_id).first() if client_id else None
    if app is None or not hmac.compare_digest(app.client_secret.encode(), client_secret.encode()):
        return _oauth_error(401, "invalid_client", "Client authentication failed.")
    scope = request.POST.get("scope", "").split()
    unknown = [s for s in scope if s not in SCOPES]
    if unknown:
        return _oauth_error(400, "invalid_scope", f"Unknown scope(s): {', '.join(unknown)}")
    issued = AccessToken.objects.create(
        application=app,
        token=secrets.token_urlsafe(32),
        scope=" ".join(scope),
        expires_at=timezone.now() + timedelta(seconds=LIFETIME),
    )
    return JsonResponse(
        {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": LIFETIME,
            "scope": issued.scope,
            "created_at": int(timezone.now().timestamp()),
        }
    )


def _client_credentials(request) -> tuple[str, str]:
    """From the form, or from HTTP Basic as OAuth 2.0 also allows."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _, client_secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, client_secret
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def bearer_organization(value: str) -> Organization | None:
    """The organisation a live bearer token acts for, or None."""
    found = (
        AccessToken.objects.select_related("application__organization")
        .filter(token=value, expires_at__gt=timezone.now())
        .first()
    )
    return found.application.organization if found else None
