"""Dry runs in the engine and the admin: slices and checkpoints, their own slot beside the real
run, what may be dry-run, the admin action (enqueued, never run in the request) and the run page."""

import pytest
from django.contrib.auth.models import Group, User

from sync.flows.registry import unregister
from sync.models import Flow, Link, Notification, Outcome, Record, Run, RunStatus, Trigger
from sync.services.dry_run import dry_run_enqueue
from sync.services.flows import flows_sync
from sync.services.links import link_save
from sync.services.runs import FlowNotRunnable, records_replay, run_enqueue, run_execute
from tests.core.helpers import Recorder, register_test_flow
from tests.dry_runs import dry_run_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow():
    recorder = Recorder()
    register_test_flow(recorder)
    yield recorder
    unregister("test.flow")


def member_of(group: str) -> User:
    user = User.objects.create_user(group.split()[0].lower(), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_dry_run_goes_slice_by_slice_keeps_every_record_and_mails_nobody(flow):
    run = dry_run_batch("test.flow")
    assert flow.batches == 1  # the first slice yielded; the second went on from the checkpoint
    assert (run.dry, run.status, run.created, run.failed) == (True, RunStatus.FAILED, 9, 1)
    refs = sorted(Record.objects.filter(run=run).values_list("source_ref", flat=True))
    assert refs == sorted(f"item-{i}" for i in range(10))
    assert run.checkpoint["next"] == 10
    assert not Notification.objects.exists()  # neither the failed record's line nor the run's
    failed = Record.objects.get(run=run, outcome=Outcome.FAILED)
    assert records_replay(record_ids=[failed.pk]) == []  # a replay would write


def test_what_a_dry_run_writes_to_the_hub_is_thrown_away(flow, monkeypatch):
    def batch(ctx):
        link_save(
            flow_key="test.flow",
            object_type="thing",
            source_system="docebo",
            source_id="1",
            target_system="credly",
            target_id="x",
            origin="docebo",
        )
        ctx.notify("a line nobody should get")
        ctx.record(source_ref="1", action="copy", outcome=Outcome.CREATED)
        return False

    monkeypatch.setattr(flow, "batch", batch)
    register_test_flow(flow)
    run = dry_run_batch("test.flow")
    assert run.status == RunStatus.SUCCEEDED and run.created == 1
    assert not Link.objects.exists() and not Notification.objects.exists()


def test_a_dry_run_has_its_own_slot_beside_the_real_run(flow):
    flows_sync()
    real = run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)
    dry = dry_run_enqueue(flow_key="test.flow")  # a queued real run does not hold it off ...
    with pytest.raises(FlowNotRunnable, match=rf"already under way \(run #{dry.pk}\)"):
        dry_run_enqueue(flow_key="test.flow")  # ... one dry run at a time
    with pytest.raises(FlowNotRunnable, match="already running"):
        run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL)  # the real slot is the real run's
    run_execute(run_id=dry.pk)
    Run.objects.filter(pk=real.pk).update(status=RunStatus.SUCCEEDED)
    assert run_enqueue(flow_key="test.flow", trigger=Trigger.MANUAL).dry is False


def test_a_switched_off_flow_may_be_dry_run_but_not_a_guarded_or_event_only_one(flow):
    flows_sync()
    Flow.objects.filter(key="test.flow").update(enabled=False)
    assert dry_run_enqueue(flow_key="test.flow").dry  # check a mapping before switching the flow on
    register_test_flow(flow, key="test.guarded", guard=lambda: "the integration master points the other way")
    with pytest.raises(FlowNotRunnable, match="integration master"):
        dry_run_enqueue(flow_key="test.guarded")
    unregister("test.guarded")
    with pytest.raises(FlowNotRunnable, match="events only"):
        dry_run_enqueue(flow_key="screening.status_to_icims")


def test_the_dry_run_action_queues_a_run_and_links_to_it_without_running_it(client, flow):
    flows_sync()
    client.force_login(member_of("Integration admins"))
    row = Flow.objects.get(key="test.flow")
    page = client.post("/admin/sync/flow/", {"action": "dry_run", "_selected_action": [row.pk]}, follow=True)
    run = Run.objects.get(flow=row)
    assert (run.dry, run.status, run.trigger) == (True, RunStatus.QUEUED, Trigger.MANUAL)  # a worker runs it
    assert f"/admin/sync/run/{run.pk}/change/" in page.content.decode()
    assert "1 dry run(s) queued" in page.content.decode()
    again = client.post("/admin/sync/flow/", {"action": "dry_run", "_selected_action": [row.pk]}, follow=True)
    assert "already under way" in again.content.decode()


def test_a_mapping_editor_may_dry_run_a_flow_but_not_run_it(client, flow):
    flows_sync()
    editor = member_of("Mapping editors")
    assert editor.has_perm("sync.dry_run_flow") and not editor.has_perm("sync.run_flow")
    client.force_login(editor)
    page = client.get("/admin/sync/flow/").content.decode()
    assert 'value="dry_run"' in page and 'value="run_now"' not in page
    row = Flow.objects.get(key="test.flow")
    client.post("/admin/sync/flow/", {"action": "dry_run", "_selected_action": [row.pk]})
    assert Run.objects.get(flow=row).dry


def test_runs_are_filtered_by_dry_and_the_run_page_says_it_was_dry(client, flow):
    client.force_login(member_of("Integration admins"))
    run = dry_run_batch("test.flow")
    listed = client.get("/admin/sync/run/?dry__exact=1").content.decode()
    assert f"/admin/sync/run/{run.pk}/change/" in listed
    assert "dry__exact=0" in listed  # the filter offers both
    assert "<small>Dry run</small>" in listed  # said under the flow's name, where the trigger is
    page = client.get(f"/admin/sync/run/{run.pk}/change/").content.decode()
    assert f"test.flow dry run #{run.pk}" in page and "wrote nothing" in page
    records = client.get("/admin/sync/record/?run__dry__exact=1").content.decode()
    assert "item-3" in records
