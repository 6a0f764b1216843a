"""`manage.py sandbox info [--json]`: each emulator's base URL and the credentials a client uses."""

import json

from django.core.management.base import BaseCommand, CommandError

from integrations.sandbox.base import emulators


class Command(BaseCommand):
    help = "Sandbox emulators: `info` prints each one's base URL and client credentials."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["info"])
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, *args, what: str, **options):
        if what != "info":
            raise CommandError("only `info` is supported")
        info = {system: emu.info() for system, emu in emulators().items()}
        if options["json"]:
            self.stdout.write(json.dumps(info, indent=2))
            return
        for system, data in info.items():
            self.stdout.write(f"{system}: {data['base_url']}")
            for key, value in {**data["credentials"], **data["settings"]}.items():
                self.stdout.write(f"  {key}: {value}")
