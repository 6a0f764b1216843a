"""What Crosswalk knows of each external system: hosts, credential fields, webhook scheme.

Each system package declares its `SPEC` in `integrations/<system>/spec.py`; this module
gathers them so the core (connections, admin, webhook view, sandbox) stays system-agnostic.
"""

import functools
from dataclasses import dataclass, field

from django.db import models
from django.utils.module_loading import import_string


class System(models.TextChoices):
    CREDLY = "credly", "Credly"
    DOCEBO = "docebo", "Docebo"
    ICIMS = "icims", "iCIMS"
    CERTN = "certn", "Certn"
    CREDENTIALLY = "credentially", "Credentially"


class WebhookAuth(models.TextChoices):
    BASIC = "basic", "HTTP Basic with generated credentials"
    HMAC = "hmac", "HMAC signature header"
    BEARER = "bearer", "Bearer token"
    URL_TOKEN = "url_token", "Secret token in the URL"
    NONE = "none", "The system does not call Crosswalk"


@dataclass(frozen=True)
class Field:
    """A credential (secret) or a setting (not secret) a connection of this system needs."""

    name: str
    label: str
    help: str
    required: bool = True


@dataclass(frozen=True)
class SystemSpec:
    key: str
    label: str
    hosts: dict[str, str]  # region or environment -> API base URL
    default_region: str
    credentials: tuple[Field, ...]
    settings: tuple[Field, ...] = ()
    webhook_auth: str = WebhookAuth.NONE
    receiver: str = ""  # dotted path of its WebhookReceiver subclass
    client: str = ""  # dotted path of its ApiClient subclass
    # Systems with a subscription API: dotted path of `f(connection, *, username, secret) -> str`
    # that registers the hub's webhook with them when its credentials are issued.
    register_webhook: str = ""
    notes: str = ""
    region_help: str = field(default="")

    def region_choices(self) -> list[tuple[str, str]]:
        return [(r, f"{self.label} {r}") for r in self.hosts]


@functools.cache
def spec(system: str) -> SystemSpec:
    return import_string(f"integrations.{system}.spec.SPEC")


def all_specs() -> list[SystemSpec]:
    return [spec(s) for s in System.values]


def receiver_for(system: str):
    return import_string(spec(system).receiver)()


def client_class(system: str):
    return import_string(spec(system).client)
