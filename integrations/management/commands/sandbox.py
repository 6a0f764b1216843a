"""`manage.py sandbox info|variants [--json]` and `manage.py sandbox variant <system> <name> on|off`.

`info`: each emulator's base URL and the credentials a client uses. `variants`: the documented
vendor behaviours each emulator can be switched to, and which are on. `variant`: switch one.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from integrations.sandbox.base import emulators
from integrations.sandbox.variants import variant_set, variants_all


class Command(BaseCommand):
    help = "Sandbox emulators: `info`, `variants`, or `variant <system> <name> on|off`."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["info", "variants", "variant"])
        parser.add_argument("args", nargs="*", help="for `variant`: <system> <name> on|off")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, *args, what: str, **options):
        if what == "variant":
            return self._switch(*args)
        data = {s: e.info() for s, e in emulators().items()} if what == "info" else variants_all()
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
        elif what == "info":
            self._print_info(data)
        else:
            self._print_variants(data)

    def _switch(self, *args) -> None:
        if len(args) != 3 or args[2] not in ("on", "off"):
            raise CommandError("usage: manage.py sandbox variant <system> <name> on|off")
        system, name, state = args
        if system not in emulators():
            raise CommandError(f"no emulator {system!r}; there are: {', '.join(emulators())}")
        try:
            variant_set(system=system, name=name, on=state == "on")
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{system} {name}: {state}")

    def _print_info(self, info: dict) -> None:
        for system, data in info.items():
            self.stdout.write(f"{system}: {data['base_url']}")
            for key, value in {**data["credentials"], **data["settings"]}.items():
                self.stdout.write(f"  {key}: {value}")

    def _print_variants(self, variants: dict) -> None:
        for system, items in variants.items():
            self.stdout.write(f"{system}:" + ("" if items else " no variants"))
            for item in items:
                self.stdout.write(f"  [{'on' if item['on'] else 'off'}] {item['name']}: {item['description']}")
