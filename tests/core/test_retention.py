"""Retention: `prune` and the sweep remove what is past its retention, and nothing else."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from sync.models import EventStatus, Flow, InboundEvent, Notification, Outcome, Record, Run, RunStatus, Trigger

pytestmark = pytest.mark.django_db
NOW = timezone.now()
OLD = NOW - timedelta(days=200)  # past every retention below
RECENT = NOW - timedelta(days=1)


@pytest.fixture(autouse=True)
def retention(settings, tmp_path):
    settings.RETAIN_EVENTS_DAYS, settings.RETAIN_RUNS_DAYS, settings.RETAIN_FILES_DAYS = 30, 90, 90
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def conn(make_connection):
    return make_connection("docebo")[0]


def event(conn, key, status, received=OLD, processed=None, raw=False):
    return InboundEvent.objects.create(
        connection=conn,
        event_type="test.event",
        dedupe_key=key,
        payload={"id": key},
        status=status,
        received_at=received,
        processed_at=processed,
        raw=raw,
    )


def run(status=RunStatus.SUCCEEDED, when=OLD, outcomes=(Outcome.CREATED,)):
    flow, _ = Flow.objects.get_or_create(key="test.retention", defaults={"name": "Retention test"})
    active = status in (RunStatus.QUEUED, RunStatus.RUNNING)
    row = Run.objects.create(
        flow=flow, trigger=Trigger.SCHEDULE, status=status, created_at=when, finished_at=None if active else when
    )
    for i, outcome in enumerate(outcomes):
        Record.objects.create(run=row, source_ref=f"ref-{i}", action="copy", outcome=outcome, created_at=when)
    return row


@pytest.fixture
def document(make_connection):
    from mappings.compliance.models import StaffDocument, StaffRecord

    icims = make_connection(system="icims", slug="icims-r", settings={"customer_id": "1"})[0]
    cred = make_connection(system="credentially", slug="cred-r")[0]
    staff = StaffRecord.objects.create(
        credentially_connection=cred, profile_id="p-1", ats_connection=icims, email="a@example.org"
    )
    return StaffDocument.objects.create(staff=staff, document_id="d-1")


def stored_file(document, *, status, sent_at, file_id):
    from mappings.compliance.models import StaffDocumentFile

    version = StaffDocumentFile.objects.create(document=document, file_id=file_id, status=status, sent_at=sent_at)
    version.content.save(f"{file_id}.enc", ContentFile(b"%PDF"), save=True)
    return version


def note(*, sent_at):
    return Notification.objects.create(recipient="o@x.org", subject="s", line="l", created_at=OLD, sent_at=sent_at)


def prune(*args) -> str:
    out = StringIO()
    call_command("prune", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(conn, document):
    """One row of every case: name -> (row, whether prune must remove it)."""
    from mappings.compliance.models import FileStatus

    ev, fail = EventStatus, Outcome.FAILED
    rows = {
        "old succeeded event": (event(conn, "e1", ev.SUCCEEDED, processed=OLD), True),
        "old ignored event": (event(conn, "e2", ev.IGNORED), True),
        "old unsupported event": (event(conn, "e3", ev.UNSUPPORTED, processed=OLD), True),
        "old raw event not understood": (event(conn, "e4", ev.UNSUPPORTED, processed=OLD, raw=True), False),
        "old dead event": (event(conn, "e5", ev.DEAD, processed=OLD), False),
        "old retrying event": (event(conn, "e6", ev.RETRYING), False),
        "old held event": (event(conn, "e7", ev.HELD, processed=OLD), False),
        "old received event": (event(conn, "e8", ev.RECEIVED), False),
        "recent succeeded event": (event(conn, "e9", ev.SUCCEEDED, received=RECENT, processed=RECENT), False),
        "old event replayed yesterday": (event(conn, "e10", ev.SUCCEEDED, processed=RECENT), False),
        "old finished run": (run(outcomes=(Outcome.CREATED, Outcome.SKIPPED)), True),
        "old run with a replayed record": (run(status=RunStatus.FAILED, outcomes=(Outcome.REPLAYED,)), True),
        "old run with a failed record": (run(status=RunStatus.FAILED, outcomes=(fail, Outcome.CREATED)), False),
        "old run still running": (run(status=RunStatus.RUNNING), False),
        "recent run": (run(when=RECENT), False),
        "old sent notification": (note(sent_at=OLD), True),
        "old unsent notification": (note(sent_at=None), False),
        "old sent file": (stored_file(document, status=FileStatus.SENT, sent_at=OLD, file_id="f1"), True),
        "old linked file": (stored_file(document, status=FileStatus.LINKED, sent_at=OLD, file_id="f2"), True),
        "old failed file": (stored_file(document, status=FileStatus.FAILED, sent_at=OLD, file_id="f3"), False),
        "old pending file": (stored_file(document, status=FileStatus.PENDING, sent_at=None, file_id="f4"), False),
        "recent sent file": (stored_file(document, status=FileStatus.SENT, sent_at=RECENT, file_id="f5"), False),
    }  # fmt: skip
    return rows


def still_there(row) -> bool:
    if hasattr(row, "content"):  # a file version: its row stays, its bytes go
        row.refresh_from_db()
        return bool(row.content) and Path(row.content.path).exists()
    return type(row).objects.filter(pk=row.pk).exists()


def test_prune_removes_what_is_past_its_retention_and_nothing_else(history):
    output = prune()

    assert {name: not still_there(row) for name, (row, _) in history.items()} == {
        name: gone for name, (_, gone) in history.items()
    }
    failed_run = history["old run with a failed record"][0]
    assert list(failed_run.records.values_list("outcome", flat=True)) == [Outcome.FAILED]  # the rest went
    assert "events: removed 3 " in output and "runs: removed 2 " in output and "files: removed 2 " in output
    assert "records: removed 4 " in output and "notifications: removed 1 " in output
    assert prune().count(": removed 0 (") == 5  # nothing left to do


def test_dry_run_counts_what_would_go_and_removes_nothing(history):
    output = prune("--dry-run")

    assert "events: would remove 3 " in output and "files: would remove 2 " in output
    assert "nothing was removed" in output
    assert all(still_there(row) for row, _ in history.values())


def test_a_retention_of_zero_keeps_that_kind_forever(history, settings):
    settings.RETAIN_EVENTS_DAYS = 0

    output = prune()

    assert "events: removed 0 (inbox events processed, ignored or unsupported; kept forever" in output
    assert still_there(history["old succeeded event"][0])
    assert not still_there(history["old finished run"][0])


def test_the_sweep_prunes_a_bounded_number_of_rows_each_minute(conn, settings):
    from sync.tasks import sweep

    settings.RETAIN_SWEEP_ROWS, settings.RETAIN_BATCH_SIZE = 5, 2
    for i in range(12):
        event(conn, f"s{i}", EventStatus.SUCCEEDED, processed=OLD)

    sizes = [sweep()["pruned"].get("events", 0) for _ in range(4)]

    assert sizes == [5, 5, 2, 0] and not InboundEvent.objects.exists()


def test_a_batch_leaves_alone_a_row_that_changed_since_it_was_picked(conn):
    import dataclasses

    from sync.services import retention

    replayed = event(conn, "r1", EventStatus.SUCCEEDED, processed=OLD)
    [kind] = [k for k in retention.retained_kinds() if k.name == "events"]
    calls = []

    def replay_meanwhile(cutoff):
        if not calls:  # after the batch was picked, before it is deleted: an admin's Replay
            calls.append(list(kind.candidates(cutoff).values_list("pk", flat=True)))
            return kind.candidates(cutoff)
        InboundEvent.objects.filter(pk=replayed.pk).update(status=EventStatus.RECEIVED)
        return kind.candidates(cutoff)

    racing = dataclasses.replace(kind, candidates=replay_meanwhile)

    assert retention.prune_batch(racing) == 0 and calls == [[replayed.pk]]
    assert InboundEvent.objects.filter(pk=replayed.pk).exists()
