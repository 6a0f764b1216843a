"""Runs worth reading: a scheduled run that found nothing to do is not kept (its flow says when it
looked); runs show their duration and why they stopped; running runs refresh from a JSON view."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from sync.flows.registry import FlowDefinition, register, unregister
from sync.models import Flow, Outcome, Run, RunStatus, Trigger
from sync.services.flows import flows_due
from sync.services.runs import flow_row, run_enqueue, run_execute

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 11, 30, 19, 41, 5, tzinfo=datetime.UTC)


class Source:
    """A batch over three people; `changes` says how many of them need a write this time."""

    changes = 0

    def batch(self, ctx):
        for i in range(3):
            ctx.read()
            outcome = Outcome.UPDATED if i < self.changes else Outcome.UNCHANGED
            ctx.record(source_ref=f"person-{i}", action="sync", outcome=outcome)
        return False


@pytest.fixture
def source():
    src = Source()
    register(
        FlowDefinition(key="test.poll", name="Poll", description="", source="docebo", target="credly", batch=src.batch)
    )
    row = flow_row("test.poll")
    row.schedule_cron = "* * * * *"
    row.save()
    yield src
    unregister("test.poll")


def run_once(trigger=Trigger.SCHEDULE) -> Run:
    run = run_enqueue(flow_key="test.poll", trigger=trigger)
    run_execute(run_id=run.pk)
    return run


def admin_client() -> Client:
    client = Client()
    boss = User.objects.filter(username="boss").first()
    client.force_login(boss or User.objects.create_superuser("boss", "boss@example.com", "pw-123456789"))
    return client


@time_machine.travel(AT, tick=False)
def test_a_scheduled_run_that_found_nothing_to_do_is_not_kept_its_flow_says_when_it_looked(source):
    run = run_once()
    assert not Run.objects.filter(pk=run.pk).exists()
    flow = Flow.objects.get(key="test.poll")
    assert flow.last_checked_at == AT and flow.last_check_outcome == "nothing to do (3 read, all unchanged)"
    page = admin_client().get("/admin/sync/flow/").content.decode()
    assert "30 Nov 2026, 7:41 p.m., nothing to do (3 read, all unchanged)" in page


def test_runs_that_did_something_or_that_an_admin_asked_for_are_kept(source):
    source.changes = 1
    assert Run.objects.get(pk=run_once().pk).updated == 1
    source.changes = 0
    assert Run.objects.get(pk=run_once(Trigger.MANUAL).pk).status == RunStatus.SUCCEEDED  # Run now: shown
    assert Flow.objects.get(key="test.poll").last_checked_at is None


def test_a_forgotten_run_still_counts_as_this_minutes_firing(source):
    with time_machine.travel(AT, tick=False):  # the sweep of 19:41:05 starts the firing of 19:41
        run_once()
    assert Run.objects.count() == 0
    assert flows_due(now=AT + datetime.timedelta(seconds=30)) == []  # a second sweep in the minute: nothing
    next_sweep = AT + datetime.timedelta(seconds=60.5)  # sweeps come about a minute apart
    assert [f.key for f in flows_due(now=next_sweep)] == ["test.poll"]  # the firing of 19:42


def test_the_flows_list_prints_the_last_run_as_every_other_time(source):
    source.changes = 1
    with time_machine.travel(AT, tick=False):
        run = run_once()
    page = admin_client().get("/admin/sync/flow/").content.decode()
    assert f"#{run.pk} Succeeded</a><br><small>30 Nov 2026, 7:41 p.m.</small>" in page
    assert "2026-11-30" not in page  # no raw ISO timestamps


def test_runs_list_shows_duration_why_it_stopped_and_what_it_did_not_finish(flow):
    row = flow_row("test.flow")
    started = AT - datetime.timedelta(minutes=3, seconds=5)
    stopped = Run.objects.create(
        flow=row,
        trigger=Trigger.MANUAL,
        status=RunStatus.ERRORED,
        started_at=started,
        finished_at=AT,
        progress_done=63,
        progress_total=100,
        message="Stopped: Docebo refused the credentials (401): fix the credentials on the Docebo connection",
    )
    page = admin_client().get("/admin/sync/run/").content.decode()
    assert f"data-run='{stopped.pk}' data-field='duration' data-active=''>3 min 05 s<" in page
    assert "63/100 (63%), not finished: 37" in page
    assert "Stopped: Docebo refused the credentials (401)" in page
    filtered = admin_client().get("/admin/sync/run/?activity=yes").content.decode()
    assert f"/admin/sync/run/{stopped.pk}/change/" not in filtered  # it wrote nothing and failed nothing


def test_the_live_view_gives_the_cells_of_running_runs(flow):
    row = flow_row("test.flow")
    running = Run.objects.create(
        flow=row, trigger=Trigger.MANUAL, status=RunStatus.RUNNING, started_at=AT, progress_done=40, progress_total=80
    )
    Run.objects.filter(pk=running.pk).update(read=40, created=12)
    with time_machine.travel(AT + datetime.timedelta(seconds=42), tick=False):
        answer = admin_client().get(f"/admin/sync/run/live/?ids={running.pk},oops,999")
    assert answer.status_code == 200
    assert answer.json() == {
        "runs": {
            str(running.pk): {
                "active": True,
                "cells": {
                    "status": "Running",
                    "why": "",
                    "progress": "40/80 (50%)",
                    "duration": "42 s",
                    "counts": "40 read, 12 created",
                    "finished": "-",
                    "read": "40",
                    "created": "12",
                    "updated": "0",
                    "skipped": "0",
                    "failed": "0",
                },
            }
        }
    }
    page = admin_client().get(f"/admin/sync/run/{running.pk}/change/").content.decode()
    assert "sync/runs_live.js" in page and 'data-url="/admin/sync/run/live/"' in page
    assert f"data-run='{running.pk}' data-field='progress' data-active='1'>40/80 (50%)<" in page
    assert "Finished with failures: some entities failed" in page  # the live cells keep their fields' help


def test_the_live_view_is_only_for_those_who_may_see_runs(flow):
    nobody = User.objects.create_user("nobody", password="pw-123456789", is_staff=True)
    client = Client()
    client.force_login(nobody)
    assert client.get("/admin/sync/run/live/?ids=1").status_code == 403
    nobody.user_permissions.add(Permission.objects.get(codename="view_run"))
    assert client.get("/admin/sync/run/live/?ids=1").json() == {"runs": {}}
    editor = User.objects.create_user("editor", password="pw-123456789", is_staff=True)
    editor.groups.add(Group.objects.get(name="Mapping editors"))
    client.force_login(editor)
    assert client.get("/admin/sync/run/live/?ids=1").status_code == 200
    assert Client().get("/admin/sync/run/live/?ids=1").status_code == 302  # not logged in: to the login page
