"""Demo wiring: the Docebo sandbox connection, and the emulator's Webhooks app pointed at the hub."""

from integrations.demo import ensure_sandbox_connection


def seed():
    return ensure_sandbox_connection(system="docebo", slug="docebo-sandbox", name="Docebo sandbox")
