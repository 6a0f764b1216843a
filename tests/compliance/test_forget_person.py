""" "Forget this person": no row or file of the hub names them afterwards; the vendors' side is untouched."""

from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from integrations.crypto import keyed_hash
from tests.compliance.conftest import PERSON_ID, PROFILE_ID, mock_credentially_reads, mock_icims_writes, run_sync_back

pytestmark = pytest.mark.django_db
EMAIL = "amara.okafor@example.org"
BADGE = "0c6f2a37-5b4e-4d0e-9d8c-1f0a3c2b7e55"  # her Credly badge, known only through her badge link
NAMING_HER = [EMAIL, "Amara Okafor", "Okafor", PROFILE_ID, BADGE]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def rows_naming(*needles) -> list[tuple[str, str]]:
    """Every (table, needle) where a column of a hub table holds a needle; the emulators' tables
    (the vendors' side, which an erasure leaves alone) are not the hub's."""
    from django.apps import apps
    from django.db import connection

    vendors = {m._meta.db_table for m in apps.get_models() if ".sandbox" in m.__module__}
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in vendors or table.startswith("sqlite_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row if v is not None).lower()
                hits |= {(table, n) for n in needles if n.lower() in text}
    return sorted(hits)


def event(conn, key, payload, *, email="", external_id="", **fields):
    from sync.models import InboundEvent

    return InboundEvent.objects.create(
        connection=conn, event_type="t", dedupe_key=key, payload=payload, email=email, external_id=external_id, **fields
    )


@pytest.fixture
def her_data(staff, http, make_connection, django_user_model):
    """Amara as the hub comes to hold her: mirror and files, events, runs, records, links, notes, log."""
    from sync.models import EventStatus, Flow, Notification, Run, Trigger
    from sync.services.links import link_save

    icims, cred = staff.ats_connection, staff.credentially_connection
    docebo = make_connection("docebo", slug="docebo-f")[0]
    credly = make_connection("credly", slug="credly-f")[0]
    mock_credentially_reads(http, file_bytes=b"%PDF passport of Amara Okafor")
    mock_icims_writes(http)
    run_sync_back(cred)  # mirror, document file (encrypted), a run with a record per person
    link_save(
        flow_key="compliance.staff_from_ats",
        object_type="staff",
        source_system="icims",
        source_id=f"{icims.pk}:{PERSON_ID}",
        target_system="credentially",
        target_id=PROFILE_ID,
        origin="icims",
    )
    link_save(
        flow_key="screening.order",
        object_type="screening",
        source_system="icims",
        source_id="88431:pkg",
        target_system="certn",
        target_id="case-9",
        origin="icims",
        data={"email": EMAIL, "open": True},
    )
    link_save(
        flow_key="badges.docebo_to_credly",
        object_type="badge",
        source_system="docebo",
        source_id="13021:course:5:tmpl-1",
        target_system="credly",
        target_id=BADGE,
        origin="docebo",
    )
    link_save(
        flow_key="badges.credly_to_docebo",
        object_type="external_training",
        source_system="credly",
        source_id=BADGE,
        target_system="docebo",
        target_id="13099",  # her external training record in Docebo: the same number as Bo's user id
        origin="credly",
    )
    profile_event = event(cred, "c1", {"profileId": PROFILE_ID, "event": "profile.updated"}, external_id=PROFILE_ID)
    flow, _ = Flow.objects.get_or_create(key="compliance.sync_back", defaults={"name": "Sync back"})
    webhook_run = Run.objects.create(flow=flow, trigger=Trigger.WEBHOOK, event=profile_event, status="succeeded")
    webhook_run.records.create(source_ref="webhook", action="sync_person", outcome="updated", message="done")
    event(icims, "i1", {"systemId": 88431, "lastname": "Okafor"}, external_id="88431")  # her placement, by id
    event(docebo, "d1", {"user_id": 13021, "email": EMAIL, "course_id": 5}, email=EMAIL, external_id="user:13021")
    event(credly, "b1", {"id": "evt-1", "event_type": "badge.created", "badge_id": BADGE})
    event(docebo, "d2", {"user_id": 13021}, status=EventStatus.DEAD, last_error="Amara Okafor has no badge")
    Notification.objects.create(recipient="ops@example.com", subject="s", line=f"no Docebo user has {EMAIL}")
    Run.objects.create(flow=flow, trigger=Trigger.MANUAL, message=f"stopped at {EMAIL}",
                       params={"profile_ids": [PROFILE_ID, "someone-else"]})  # fmt: skip
    LogEntry.objects.create(
        user=django_user_model.objects.create_user("admin1"),
        content_type=ContentType.objects.get_for_model(staff), object_id=str(staff.pk),
        object_repr=str(staff), action_flag=ADDITION,
    )  # fmt: skip
    return staff


@pytest.fixture
def someone_else(staff, make_connection):
    from mappings.compliance.services import staff_record_save
    from sync.models import Flow, Notification, Run, Trigger
    from sync.services.links import link_save

    docebo = make_connection("docebo", slug="docebo-bo")[0]
    staff_record_save(credentially_connection=staff.credentially_connection, profile_id="bo-profile-0001",
                      ats_connection=staff.ats_connection, person_id="30500", first_name="Bo", last_name="Lindqvist",
                      email="bo.lindqvist@example.org")  # fmt: skip
    event(docebo, "bo1", {"user_id": 13099, "email": "bo.lindqvist@example.org"}, email="bo.lindqvist@example.org")
    Notification.objects.create(recipient="ops@example.com", subject="s", line="no user has bo.lindqvist@example.org")
    # Bo is Docebo user 13099, the same number as Amara's external training record: his rows stay.
    link_save(
        flow_key="badges.docebo_to_credly",
        object_type="badge",
        source_system="docebo",
        source_id="13099:course:5:tmpl-1",
        target_system="credly",
        target_id="bo-badge-Lindqvist",
        origin="docebo",
    )
    flow, _ = Flow.objects.get_or_create(key="badges.docebo_to_credly", defaults={"name": "Docebo to Credly"})
    run = Run.objects.create(flow=flow, trigger=Trigger.MANUAL, message="Lindqvist's badges")
    run.records.create(source_ref="user:13099", action="issue_badge", outcome="created", message="Lindqvist")
    return ["bo.lindqvist@example.org", "Lindqvist"]


@pytest.fixture
def eraser(django_user_model):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user("dpo", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="erase_person"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_forget_this_person_leaves_no_row_or_file_naming_them(
    her_data, someone_else, eraser, media, django_capture_on_commit_callbacks
):
    from sync.models import Erasure

    assert {n for _, n in rows_naming(*NAMING_HER)} == set(NAMING_HER)  # she was everywhere
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1

    with django_capture_on_commit_callbacks(execute=True):  # the queued erase runs inline (Q sync)
        answer = eraser.post("/api/erasures/", {"email": EMAIL.upper()}, format="json")

    assert answer.status_code == 202 and EMAIL not in answer.content.decode().lower()
    assert rows_naming(*NAMING_HER) == []
    assert [p for p in media.rglob("*") if p.is_file()] == []
    assert {n for _, n in rows_naming(*someone_else)} == set(someone_else)  # nobody else was erased
    erasure = Erasure.objects.get()
    assert (erasure.status, erasure.requested_by_name, erasure.via, erasure.sealed_subject) == (
        "done",
        "dpo",
        "api",
        "",
    )
    assert erasure.email_hash == keyed_hash(EMAIL)
    assert erasure.counts["events"] == 5 and erasure.counts["staff"] == 1 and erasure.counts["files"] == 1
    assert erasure.counts["links"] == 4 and erasure.counts["runs_scrubbed"] == 1
    assert sorted({t for t, _ in rows_naming(*someone_else)}) == [
        "compliance_staffrecord", "sync_inboundevent", "sync_link", "sync_notification", "sync_record", "sync_run"
    ]  # fmt: skip
    assert eraser.get(f"/api/erasures/{erasure.pk}/").json()["status"] == "done"


def test_the_erase_is_queued_not_run_in_the_request(her_data, eraser, django_capture_on_commit_callbacks):
    from mappings.compliance.models import StaffRecord
    from sync.models import Erasure

    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = eraser.post("/api/erasures/", {"email": EMAIL}, format="json")

    assert answer.json()["status"] == "queued" and len(queued) == 1
    assert StaffRecord.objects.filter(email=EMAIL).exists()  # nothing erased yet
    assert EMAIL not in Erasure.objects.get().sealed_subject  # waiting, encrypted


def test_api_refuses_callers_without_the_erase_permission(her_data, django_user_model):
    from rest_framework.test import APIClient

    assert APIClient().post("/api/erasures/", {"email": EMAIL}, format="json").status_code == 401
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("reader", password="x" * 12))
    assert client.post("/api/erasures/", {"email": EMAIL}, format="json").status_code == 403
    assert client.get("/api/erasures/1/").status_code == 403


def test_sweep_requeues_an_erasure_whose_queue_message_was_lost(her_data, django_capture_on_commit_callbacks):
    import time_machine
    from django.utils import timezone

    from sync.models import Erasure
    from sync.services.erasure import erasure_request
    from sync.tasks import sweep

    with django_capture_on_commit_callbacks(execute=False):  # the nudge is lost
        erasure = erasure_request(email=EMAIL, via="command")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=2)):
        assert sweep()["erasures"] == 1
    assert Erasure.objects.get(pk=erasure.pk).status == "done" and rows_naming(EMAIL) == []
