"""End to end: iCIMS sandbox -> hub -> Credentially sandbox -> hub -> iCIMS sandbox, on the real server
and a real worker. Recruiters' moves and compliance officers' changes are made as people make them
(the iCIMS API, the Credentially sandbox page), and every webhook really travels."""

import secrets

import pytest
from django_q.tasks import async_task

from integrations.credentially import events
from integrations.credentially.sandbox.models import DocumentFile, Profile
from integrations.icims.payloads import WorkflowData
from integrations.icims.sandbox.seed import (
    ATTACHMENT_COLLECTION,
    ATTACHMENT_FILE_CHILD,
    STATUS_HIRED,
    STATUS_INTERVIEW,
    STATUS_ONBOARDING,
    STATUS_PHONE_SCREEN,
)
from mappings.compliance.models import FileStatus, StaffDocumentFile, StaffRecord
from sync.models import EventStatus, InboundEvent, Record, Run, RunStatus, Trigger
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _seed():
    from demo import compliance as demo
    from demo import credentially as credentially_demo
    from demo import icims as icims_demo

    ats, credentially = icims_demo.seed(), credentially_demo.seed()
    demo.seed()
    return ats, credentially


def _action(live_hub, name: str, **fields):
    """Press a Credentially sandbox page button as a compliance officer would (with the form's CSRF token)."""
    csrf = secrets.token_hex(16)
    answer = live_hub.post(
        f"/sandbox/credentially/_actions/{name}/",
        data={**fields, "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]


def _onboard(live_hub, ats, from_status: str) -> tuple[StaffRecord, WorkflowData]:
    """Move the candidate at `from_status` to Onboarding and wait until their compliance is in iCIMS."""
    icims = ats.client()
    [hit] = icims.search_workflows(status=from_status)
    workflow = WorkflowData.from_api(hit["id"], icims.get_workflow(hit["id"]))
    icims.move_workflow(workflow.id, STATUS_ONBOARDING)
    staff = wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id).first(),
        message=f"the staff member created\n{live_hub.log_tail()}",
    )
    wait_until(
        lambda: icims.get_person(workflow.person_id).get("credentiallycompliancestatus") == "Not compliant",
        message=f"compliance written back to iCIMS\n{live_hub.log_tail()}",
    )
    return staff, workflow


VARIANTS = [None, ("icims", "oauth"), ("icims", "hmac"), ("credentially", "flat_body")]


@pytest.mark.parametrize("variant", VARIANTS)
def test_stage_change_creates_one_staff_member_and_compliance_flows_back(live_hub, sandbox_variant, variant):
    # iCIMS issued OAuth credentials / signs its notifications with HMAC; Credentially's callbacks
    # carry the event's fields at the top level, without an envelope.
    if variant:
        sandbox_variant(*variant)
    ats, _ = _seed()
    staff, workflow = _onboard(live_hub, ats, STATUS_INTERVIEW)
    icims = ats.client()
    person = icims.get_person(workflow.person_id)
    profile = Profile.objects.get(public_id=staff.profile_id)
    assert (profile.email, profile.first_name, profile.role.name) == (
        person["email"],
        person["firstname"],
        "Registered Nurse",
    )
    assert profile.custom_fields["atsCandidateId"] == workflow.person_id
    assert "Passport: NOT_COMPLIANT" in person["credentiallyrequirements"]

    icims.move_workflow(workflow.id, STATUS_HIRED)  # the second trigger stage fires for the same person
    wait_until(
        lambda: Record.objects.filter(run__flow__key="compliance.staff_from_ats").count() == 2,
        message=f"the second stage change handled\n{live_hub.log_tail()}",
    )
    assert Profile.objects.filter(email__iexact=person["email"]).count() == 1
    assert StaffRecord.objects.count() == 1

    _action(live_hub, "set_compliance", person=staff.profile_id, status="COMPLIANT")
    wait_until(
        lambda: icims.get_person(workflow.person_id).get("credentiallycompliancestatus") == "Compliant",
        message=f"the compliance change written to iCIMS\n{live_hub.log_tail()}",
    )
    callback = wait_until(  # the change came by webhook, in the variant's shape, and was acted on
        lambda: InboundEvent.objects.filter(
            event_type=events.COMPLIANCE_STATUS_CHANGED, external_id=staff.profile_id, status=EventStatus.SUCCEEDED
        ).last(),
        message="the compliance callback handled",
    )
    assert ("payload" in callback.payload) == (variant != ("credentially", "flat_body"))


@pytest.mark.parametrize("variant", [None, "flat_body"])
def test_every_document_version_is_kept_in_the_ats_with_its_file_and_an_oversize_file_is_only_linked(
    live_hub, sandbox_variant, variant
):
    if variant:
        sandbox_variant("credentially", variant)
    ats, _ = _seed()
    ats.refresh_from_db()  # the compliance demo named the attachments collection
    ats.settings = {**ats.settings, "max_file_bytes": 200 * 1024}
    ats.save(update_fields=["settings"])
    staff, workflow = _onboard(live_hub, ats, STATUS_PHONE_SCREEN)
    sent = StaffDocumentFile.objects.filter(document__staff=staff, status=FileStatus.SENT)

    _action(
        live_hub,
        "upload_document",
        person=staff.profile_id,
        type_key="PASSPORT",
        size_kb="64",
        issued="2024-02-10",
        expiry="2034-02-09",
        number="533380006",
        status="APPROVED",
    )
    wait_until(lambda: sent.count() == 1, message=f"the first version sent\n{live_hub.log_tail()}")
    _action(
        live_hub,
        "upload_document",
        person=staff.profile_id,
        type_key="PASSPORT",
        size_kb="80",
        issued="2026-01-05",
        expiry="2036-01-04",
        number="600000001",
        status="AWAITING_APPROVAL",
    )
    wait_until(lambda: sent.count() == 2, message=f"the second version sent\n{live_hub.log_tail()}")

    icims = ats.client()
    v1, v2 = icims.get_person(workflow.person_id, fields=[ATTACHMENT_COLLECTION])[ATTACHMENT_COLLECTION]
    assert (v1["issuedate"], v1["expirydate"], v1["documentnumber"]) == ("2024-02-10", "2034-02-09", "533380006")
    assert (v2["issuedate"], v2["expirydate"], v2["documentnumber"]) == ("2026-01-05", "2036-01-04", "600000001")
    for group, size in ((v1, 64 * 1024), (v2, 80 * 1024)):
        original = DocumentFile.objects.get(file_id=int(group["credentiallyfileid"]))
        kept = icims.download_group_file(
            workflow.person_id, collection=ATTACHMENT_COLLECTION, group=group["entry"], file_field=ATTACHMENT_FILE_CHILD
        )
        assert kept.content == bytes(original.content) and len(kept.content) == size
        assert (kept.filename, group["filename"]) == (original.origin_name, original.origin_name)
    assert v1["credentiallyfileid"] != v2["credentiallyfileid"]
    assert icims.download_file(workflow.person_id, field="field60101") is None  # no single, overwritten file
    log = wait_until(lambda: _log_with(icims, workflow.person_id, "Passport v2"), message="the documents log")
    assert "no. 533380006" in log.splitlines()[0] and "no. 600000001" in log.splitlines()[1]

    _action(live_hub, "upload_document", person=staff.profile_id, type_key="CV", size_kb="300")
    linked = wait_until(
        lambda: StaffDocumentFile.objects.filter(document__staff=staff, status=FileStatus.LINKED).first(),
        message=f"the oversize file recorded\n{live_hub.log_tail()}",
    )
    assert linked.reason == f"file is {300 * 1024:,} bytes, over the limit of {200 * 1024:,} bytes"
    cv = icims.get_person(workflow.person_id, fields=[ATTACHMENT_COLLECTION])[ATTACHMENT_COLLECTION][-1]
    assert cv["documenturl"].endswith(f"/api/files/{linked.pk}/download/") and cv["notsentreason"] == linked.reason
    cv_file = icims.download_group_file(
        workflow.person_id, collection=ATTACHMENT_COLLECTION, group=cv["entry"], file_field=ATTACHMENT_FILE_CHILD
    )
    assert cv_file is None and sent.count() == 2


def test_poll_with_nothing_new_writes_nothing(live_hub):
    ats, credentially = _seed()
    staff, _ = _onboard(live_hub, ats, STATUS_INTERVIEW)
    wait_until(
        lambda: not Run.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists(),
        message="the follow-up sync finished",
    )

    from sync.services.runs import flow_row

    run = Run.objects.create(
        flow=flow_row("compliance.sync_back"), trigger=Trigger.MANUAL, params={"connection": credentially.pk}
    )
    async_task("sync.tasks.execute_run", run.pk, sync=False)  # through the broker to the real worker
    run = wait_until(
        lambda: Run.objects.filter(pk=run.pk, status=RunStatus.SUCCEEDED).first(),
        message=f"the poll run finished\n{live_hub.log_tail()}",
    )
    assert (run.read, run.updated, run.created, run.failed) == (1, 0, 0, 0)
    assert run.checkpoint["calls"]["ats"] == 0  # not a single iCIMS call: nothing was written
    assert run.checkpoint["calls"]["credentially"] == 6  # profile, packages, documents, DBS, right to work, references
    assert Record.objects.get(run=run, source_ref=staff.profile_id).outcome == "unchanged"


def _log_with(icims, person_id: str, text: str) -> str | None:
    log = icims.get_person(person_id).get("credentiallydocuments") or ""
    return log if text in log else None


def test_polling_finds_a_candidate_when_the_ats_cannot_call_us(live_hub):
    from integrations.icims.sandbox.models import NotificationTarget

    ats, _ = _seed()
    NotificationTarget.objects.update(enabled=False)  # this tenant sends no event notifications
    icims = ats.client()
    [hit] = icims.search_workflows(status=STATUS_INTERVIEW)
    workflow = WorkflowData.from_api(hit["id"], icims.get_workflow(hit["id"]))
    icims.move_workflow(workflow.id, STATUS_ONBOARDING)

    from sync.services.runs import flow_row

    run = Run.objects.create(flow=flow_row("compliance.staff_from_ats"), trigger=Trigger.MANUAL)
    async_task("sync.tasks.execute_run", run.pk, sync=False)  # "Run now", executed by the real worker
    staff = wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id).first(),
        message=f"the staff member created by polling\n{live_hub.log_tail()}",
    )
    assert staff.ats_workflow_id == workflow.id
    assert not Record.objects.filter(run__event__isnull=False, run__flow__key="compliance.staff_from_ats").exists()
