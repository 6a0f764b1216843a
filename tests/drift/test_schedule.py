"""The compare of every connector is scheduled daily by the one schedules command; fixes are not."""

import pytest
from django.core.management import call_command

from sync.models import Flow

pytestmark = pytest.mark.django_db


def test_setup_schedules_makes_a_daily_compare_per_connector_and_keeps_an_admins_change():
    call_command("setup_schedules")
    compares = Flow.objects.filter(key__endswith=".drift_compare")
    assert sorted(compares.values_list("key", "schedule_cron")) == [
        ("badges.drift_compare", "30 4 * * *"),
        ("compliance.drift_compare", "30 4 * * *"),
        ("screening.drift_compare", "30 4 * * *"),
    ]
    assert set(Flow.objects.filter(key__endswith=".drift_fix").values_list("schedule_cron", flat=True)) == {""}
    compares.filter(key="badges.drift_compare").update(schedule_cron="0 6 * * 1")
    call_command("setup_schedules")  # idempotent: the admin's weekly choice stays
    assert Flow.objects.get(key="badges.drift_compare").schedule_cron == "0 6 * * 1"
