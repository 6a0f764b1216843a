"""Demo wiring: the hub's connection to the Credly sandbox, with the webhook URL registered."""

from demo.connections import ensure_sandbox_connection
from integrations.credly.sandbox import EMULATOR


def seed():
    EMULATOR.seed()  # idempotent; makes the organisation and token the connection needs
    return ensure_sandbox_connection(system="credly", slug="credly-sandbox", name="Credly sandbox")
