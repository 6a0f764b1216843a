"""Dry runs of the compliance sync-back: Credentially read, nothing written to iCIMS, to the mirror
or to disk, and the record says what the person's sync would have sent."""

import json
import os
from pathlib import Path

import pytest

from sync.flows.compliance.sync_back import FLOW_KEY
from sync.models import Outcome
from tests.compliance.conftest import CID, PERSON_ID, mock_credentially_reads, mock_icims_writes, run_sync_back
from tests.dry_runs import dry_run_batch, hub_tables, writes

pytestmark = pytest.mark.django_db
PERSON_PATH = f"/customers/{CID}/people/{PERSON_ID}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def files_on_disk(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_dry_run_previews_a_field_mapping_change_and_writes_nothing(staff, http, media):
    from mappings.compliance.models import FieldMapping

    mock_credentially_reads(http)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)  # the person is up to date in iCIMS
    sent = len(writes(http))
    FieldMapping.objects.create(
        ats_connection=staff.ats_connection, credentially_field="custom.uniformSize", ats_field="field70001"
    )
    before, on_disk = hub_tables(), files_on_disk(media)

    run = dry_run_batch(FLOW_KEY)
    assert run.status == "succeeded", run.message
    assert len(writes(http)) == sent  # nothing sent to iCIMS
    assert hub_tables() == before and files_on_disk(media) == on_disk
    [record] = run.records.all()
    assert (record.outcome, record.target_ref) == (Outcome.UPDATED, PERSON_PATH)
    assert record.message.startswith(f"would PATCH icims {PERSON_PATH}")
    assert record.payload["would"]["body"] == {"field70001": "M"}  # only the new row's field

    run_sync_back(staff.credentially_connection)  # the real sync writes what the dry run said
    assert json.loads(http.calls[-1].request.body) == {"field70001": "M"}


def test_dry_run_of_a_person_never_synced_stops_at_the_first_document_and_keeps_no_file(staff, http, media):
    mock_credentially_reads(http)
    mock_icims_writes(http)
    before = hub_tables()
    run = dry_run_batch(FLOW_KEY)
    assert writes(http) == []
    assert hub_tables() == before  # no mirror row, no document version, no written hash
    assert files_on_disk(media) == []  # the downloaded passport was not kept
    [record] = run.records.all()
    assert record.outcome == Outcome.CREATED
    assert record.message.startswith(f"would POST icims {PERSON_PATH}/fields/field60110")


@pytest.mark.skipif("sqlite" not in os.environ.get("DATABASE_URL", "sqlite"), reason="the copy is SQLite's")
@pytest.mark.django_db(transaction=True)
def test_dry_run_in_a_worker_uses_one_thread_and_a_copy_of_the_database(staff, http, media, monkeypatch):
    """Outside a transaction (as in a worker) on SQLite, the slice works on a copy of the file;
    `sync_concurrency` threads would use connections outside it, so a dry run uses one."""
    from django.db import connection

    from mappings.compliance.models import FieldMapping
    from mappings.compliance.standard import ensure_standard_rows
    from sync.services import dry_scratch

    copies, copy = [], dry_scratch._sqlite_copy

    def spy(real, name):
        copies.append(name)
        return copy(real, name)

    monkeypatch.setattr(dry_scratch, "_sqlite_copy", spy)

    ensure_standard_rows(FieldMapping)  # an earlier transactional test's flush removes the migration's rows
    cred = staff.credentially_connection
    cred.settings = {"sync_concurrency": 4}
    cred.save()
    mock_credentially_reads(http)
    mock_icims_writes(http)
    before = hub_tables()
    run = dry_run_batch(FLOW_KEY)
    assert run.status == "succeeded", run.message
    assert writes(http) == [] and hub_tables() == before and files_on_disk(media) == []
    assert run.records.get().message.startswith("would POST icims")
    assert copies == [f"run-{run.pk}"]
    assert not dry_scratch.scratch_path(connection, f"run-{run.pk}").exists()  # the copy is gone
