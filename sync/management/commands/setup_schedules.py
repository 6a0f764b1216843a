"""`manage.py setup_schedules`: the one idempotent place that defines the periodic tasks."""

from django.core.management.base import BaseCommand
from django_q.models import Schedule

from sync.queue import SWEEP
from sync.services.flows import flows_sync

SCHEDULES = {
    # name: (function, minutes). The sweep also starts cron-scheduled flows in their time zone.
    "crosswalk-sweep": (SWEEP, 1),
}


class Command(BaseCommand):
    help = "Create or update the periodic tasks and a row for every registered flow."

    def handle(self, *args, **options):
        flows = flows_sync()
        for name, (func, minutes) in SCHEDULES.items():
            Schedule.objects.update_or_create(
                name=name, defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1}
            )
        self.stdout.write(f"{len(SCHEDULES)} schedule(s), {len(flows)} flow(s) in place")
