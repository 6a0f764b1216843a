"""The Emulator base class and the registry of emulators."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string

from integrations.systems import System


@dataclass(frozen=True)
class ActionField:
    name: str
    label: str
    choices: Callable[[], list[tuple[str, str]]] | None = None  # a select; None: a text box
    default: str = ""


@dataclass(frozen=True)
class Action:
    """A vendor-side action a person would take in the real product, offered on the sandbox page."""

    name: str
    label: str
    run: Callable[..., str]  # called with the fields as keyword arguments; returns a message
    fields: tuple[ActionField, ...] = ()
    help: str = ""


@dataclass
class Section:
    """A table of emulator state on its page."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


class Emulator:
    system = ""
    label = ""
    api_prefix = ""  # e.g. "/v1" for Credly: the part of the real base URL after the host
    # Documented ways the vendor's API may behave, name -> what the emulator then does; switched
    # with integrations.sandbox.variants (page, `manage.py sandbox variant`, tests' fixture).
    variants: dict[str, str] = {}
    # Answers the vendor counts as a delivered webhook; empty: any 2xx (integrations.sandbox.tasks).
    delivered_statuses: tuple[int, ...] = ()

    # The layout every emulator shares (integrations/<system>/sandbox/): api.py holds its URL
    # patterns, pages.py the actions and tables of its page. Loaded when first asked for.
    def urlpatterns(self) -> list:
        """The emulated API, mounted at /sandbox/<system>/."""
        return self._module("api").urlpatterns()

    def actions(self) -> list[Action]:
        return self._module("pages").actions()

    def sections(self) -> list[Section]:
        return self._module("pages").sections()

    def webhook_settings(self):
        """The vendor's webhook settings form (`webhook_page.py`), or None for a system the hub
        subscribes to by itself over an API (Credentially)."""
        try:
            module = self._module("webhook_page")
        except ModuleNotFoundError as exc:
            if exc.name != f"integrations.{self.system}.sandbox.webhook_page":
                raise
            return None
        return module.settings()

    def _module(self, name: str):
        return import_module(f"integrations.{self.system}.sandbox.{name}")

    def seed(self) -> None:
        """Create the demo's users, objects and credentials (idempotent)."""

    def credentials(self) -> dict:
        """What a client needs to call this emulator (for `sandbox info`)."""
        return {}

    def settings(self) -> dict:
        """Connection settings (not secret) the hub needs for this emulator."""
        return {}

    def error_response(self, request, status: int, message: str) -> JsonResponse:
        """An error in the vendor's own shape (subclasses use their API's); used for unknown paths."""
        return JsonResponse({"error": message}, status=status)

    def base_url(self) -> str:
        return f"{settings.HUB_BASE_URL}/sandbox/{self.system}{self.api_prefix}"

    def info(self) -> dict:
        return {
            "system": self.system,
            "base_url": self.base_url(),
            "credentials": self.credentials(),
            "settings": self.settings(),
            "page": f"{settings.HUB_BASE_URL}/sandbox/{self.system}/",
        }


@functools.cache
def emulators() -> dict[str, Emulator]:
    found = {}
    for system in System.values:
        try:
            found[system] = import_string(f"integrations.{system}.sandbox.EMULATOR")
        except ImportError as exc:
            if f"integrations.{system}.sandbox" not in str(exc):
                raise
    return found


def emulator(system: str) -> Emulator:
    return emulators()[system]


def hub_registration_hook(emu: Emulator):
    """Emulators that call the hub implement `register_hub(url=, username=, secret=)`."""
    return getattr(emu, "register_hub", None)
