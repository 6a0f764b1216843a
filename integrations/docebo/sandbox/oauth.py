"""POST /oauth2/token: the client-credentials grant, with any of the three body encodings Docebo accepts."""

import json
import secrets
from datetime import timedelta

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.docebo.sandbox.models import AccessToken, OAuthApp

TOKEN_SECONDS = 3600  # contract §1.2 (third-party value, unconfirmed)


def _form(request) -> dict:
    """Form-encoded and multipart bodies arrive in request.POST; JSON ones are parsed here."""
    if "json" in request.content_type:
        try:
            data = json.loads(request.body or b"{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _oauth_error(status: int, code: str, description: str) -> JsonResponse:
    return JsonResponse({"error": code, "error_description": description}, status=status)


@csrf_exempt
@require_POST
def token(request):
    form = _form(request)
    grant = form.get("grant_type", "")
    if grant != "client_credentials":
        # the hub uses client credentials only; the password grant needs user passwords we do not model
        return _oauth_error(400, "unsupported_grant_type", "this sandbox supports grant_type=client_credentials")
    app = OAuthApp.objects.filter(client_id=form.get("client_id", "")).first()
    if app is None or not secrets.compare_digest(app.client_secret, str(form.get("client_secret", ""))):
        return _oauth_error(401, "invalid_client", "The client credentials are invalid")
    AccessToken.objects.filter(expires_at__lte=timezone.now()).delete()
    issued = AccessToken.objects.create(
        app=app, token=secrets.token_hex(20), expires_at=timezone.now() + timedelta(seconds=TOKEN_SECONDS)
    )
    return JsonResponse(
        {
            "access_token": issued.token,
            "expires_in": TOKEN_SECONDS,
            "token_type": "Bearer",
            "scope": form.get("scope") or "api",
        }
    )
