"""The demo: each emulator seeded, the hub connected to it, and demo lookup tables.

`manage.py seed_demo` calls the seeders below in this order: connections first (each system's
module seeds its emulator and connects the hub to it), then the lookup tables that refer to
those connections. Every seeder is idempotent.
"""

from demo import badges, certn, compliance, credentially, credly, docebo, icims, screening

SEEDERS = [
    ("the Credly connection", credly.seed),
    ("the Docebo connection", docebo.seed),
    ("the iCIMS connection", icims.seed),
    ("the Certn connections", certn.seed),
    ("the Credentially connection", credentially.seed),
    ("the badge lookup tables", badges.seed),
    ("the compliance lookup tables", compliance.seed),
    ("the screening lookup tables", screening.seed),
]
