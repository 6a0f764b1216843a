"""Demo wiring: the Docebo sandbox seeded, the hub's connection to it, and its Webhooks app pointed at the hub."""

from demo.connections import ensure_sandbox_connection
from integrations.docebo.sandbox import EMULATOR


def seed():
    EMULATOR.seed()  # idempotent: learners, courses, plans, certifications and the OAuth app
    return ensure_sandbox_connection(system="docebo", slug="docebo-sandbox", name="Docebo sandbox")
