"""`manage.py check_connection <slug> [--json]`: run a connection's check here and print the checklist.

Exits 0 when no line failed, 1 otherwise, so a deploy script or a monitor can act on it. The
result is kept like one run from the admin (last check on the connection list).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from integrations.models import Connection, ConnectionCheck
from integrations.services import connection_check_run

MARKS = {"passed": "[ok]  ", "failed": "[FAIL]", "skipped": "[skip]"}


class Command(BaseCommand):
    help = "Check a connection: read-only probes of everything its flows rely on. Exit 1 if a line failed."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the connection's slug (see the connection list)")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, *args, slug: str, **options):
        conn = Connection.objects.filter(slug=slug).first()
        if conn is None:
            known = ", ".join(Connection.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"no connection with slug {slug!r}; there are: {known}")
        check = ConnectionCheck.objects.create(connection=conn, requested_by="manage.py check_connection")
        check = connection_check_run(check_id=check.pk)
        if options["json"]:
            self.stdout.write(json.dumps({"connection": slug, "checks": check.lines}, indent=2))
        else:
            for line in check.lines:
                self.stdout.write(f"{MARKS.get(line['status'], line['status'])} {line['name']}: {line['detail']}")
                if line["fix"]:
                    self.stdout.write(f"       What to do: {line['fix']}")
        if check.status == ConnectionCheck.Status.FAILED:
            sys.exit(1)
