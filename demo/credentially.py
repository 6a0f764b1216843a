"""Demo wiring: a connection to the Credentially sandbox, subscribed to its webhooks."""

from demo.connections import ensure_sandbox_connection


def seed():
    return ensure_sandbox_connection(system="credentially", slug="credentially-sandbox", name="Credentially sandbox")
