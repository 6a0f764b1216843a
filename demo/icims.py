"""Demo wiring for iCIMS: the sandbox tenant and a hub connection pointing at it."""

from demo.connections import ensure_sandbox_connection
from integrations.icims.sandbox import EMULATOR
from integrations.models import Connection

SLUG = "icims-sandbox"


def seed() -> Connection:
    """Seed the emulated tenant, then create (or refresh) the connection and its event notifications."""
    EMULATOR.seed()
    return ensure_sandbox_connection(system="icims", slug=SLUG, name="iCIMS sandbox")
