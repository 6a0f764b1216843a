"""Start-up checks: configuration that is wrong fails early, with ids like crosswalk.E001."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def encryption_keys(app_configs, **kwargs):
    errors = []
    for i, key in enumerate(settings.FIELD_ENCRYPTION_KEYS):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS[{i}] is not a Fernet key (32 url-safe base64 bytes).",
                    hint="Generate one with `python scripts/make_env.py --print-key`.",
                    id="crosswalk.E001",
                )
            )
    if not settings.DEBUG and settings.SECRET_KEY.startswith("dev-insecure"):
        errors.append(Error("SECRET_KEY is the development default while DEBUG is off.", id="crosswalk.E002"))
    return errors


@register()
def hub_base_url(app_configs, **kwargs):
    if not settings.HUB_BASE_URL.startswith(("http://", "https://")):
        return [Error("HUB_BASE_URL must start with http:// or https://", id="crosswalk.E003")]
    if not settings.DEBUG and settings.HUB_BASE_URL.startswith("http://") and not settings.SANDBOX_ENABLED:
        return [
            Warning(
                "HUB_BASE_URL is plain http: systems such as iCIMS and Credly only call https URLs.",
                id="crosswalk.W001",
            )
        ]
    return []
