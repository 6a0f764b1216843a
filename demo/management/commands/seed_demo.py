"""`manage.py seed_demo`: fill every emulator, connect the hub to them, add demo lookup tables."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrations.sandbox.base import emulators
from sync.services.flows import flows_sync


class Command(BaseCommand):
    help = "Seed the sandbox emulators and the hub's demo connections and lookup tables (idempotent)."

    def handle(self, *args, **options):
        if not settings.SANDBOX_ENABLED:
            raise CommandError("SANDBOX_ENABLED is off: the demo needs the emulators (set SANDBOX_ENABLED=1).")
        from demo.seeders import SEEDERS  # the seeders reach into the emulators: loaded only when asked for

        flows_sync()
        for system, emu in emulators().items():
            emu.seed()
            self.stdout.write(f"seeded the {system} emulator")
        for label, seed in SEEDERS:
            seed()
            self.stdout.write(f"seeded {label}")
        self.stdout.write(self.style.SUCCESS("demo data ready"))
