"""Several processes count into the one store at the same time and none of their counts is lost."""

import subprocess
import sys

import pytest

from tests.live import ROOT, _database_url

pytestmark = pytest.mark.django_db(transaction=True)
COUNTER = """
import django, os
django.setup()
from metrics import recorder
for i in range({n}):
    recorder.inc("crosswalk_vendor_calls", system="docebo", status="200")
    recorder.observe("crosswalk_vendor_call_duration_seconds", 0.2, system="docebo")
    if i % 50 == 0:
        recorder.flush()
recorder.flush()
"""


def test_counts_from_processes_flushing_at_once_add_up_exactly():
    from metrics.models import Sample

    processes, each = 4, 400
    env = {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": _database_url(),
        "METRICS_TOKEN": "t",
        "METRICS_FLUSH_SECONDS": "3600",  # only the explicit flushes, racing each other
        "PATH": "/usr/bin:/bin",
    }
    running = [
        subprocess.Popen([sys.executable, "-c", COUNTER.format(n=each)], cwd=ROOT, env=env) for _ in range(processes)
    ]
    assert [p.wait(timeout=120) for p in running] == [0] * processes

    def total(name: str) -> float:
        return sum(Sample.objects.filter(name=name).values_list("value", flat=True))

    assert total("crosswalk_vendor_calls") == processes * each
    assert total("crosswalk_vendor_call_duration_seconds_count") == processes * each
    assert total("crosswalk_vendor_call_duration_seconds_bucket") == processes * each  # all in le=0.25
    assert round(total("crosswalk_vendor_call_duration_seconds_sum"), 6) == round(processes * each * 0.2, 6)
