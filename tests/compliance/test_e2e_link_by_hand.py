"""End to end: an admin links an iCIMS candidate to a Credentially staff member whose e-mail differs,
through the admin page on the real server; a real worker links them and the normal sync runs."""

from datetime import date

import pytest

from integrations.credentially.sandbox import seed as credentially_seed
from integrations.credentially.sandbox import state
from integrations.credentially.sandbox.models import Profile
from integrations.icims.sandbox.seed import ATTACHMENT_COLLECTION, STATUS_INTERVIEW
from mappings.compliance.models import FileStatus, StaffDocumentFile, StaffRecord
from sync.models import Link, Record
from tests.compliance.live_steps import admin_session, seed_sandboxes, workflow_at
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORK_EMAIL = "l.chen@northtrust.example"


def test_an_admin_links_a_candidate_to_an_existing_staff_member_and_the_normal_sync_follows(live_hub):
    ats, credentially = seed_sandboxes()
    org = credentially_seed.organisation()
    liam = state.profile_create(  # in Credentially under his work e-mail, before iCIMS knew of him
        org=org, email=WORK_EMAIL, role=org.roles.get(name="Registered Nurse"), first_name="Liam", last_name="Chen"
    )
    passport = state.document_upload(
        profile=liam,
        type_key="PASSPORT",
        filename="passport-liam.pdf",
        content=credentially_seed.fake_file(5000, "liam"),
        content_type="application/pdf",
        issued=date(2021, 3, 1),
        number="700000001",
    )
    workflow = workflow_at(ats, STATUS_INTERVIEW)  # Liam in iCIMS, with his personal e-mail
    icims = ats.client()
    assert icims.get_person(workflow.person_id)["email"] == "liam.chen@example.org"

    session, csrf = admin_session(live_hub)
    page = live_hub.url + "/admin/compliance/staffrecord/link/"
    fields = {
        "ats_connection": ats.pk,
        "person_id": workflow.person_id,
        "credentially_connection": credentially.pk,
        "term": "chen",
        "csrfmiddlewaretoken": csrf,
    }
    found = session.post(page, data={**fields, "_search": "Find"}, headers={"Referer": page}, timeout=30)
    assert found.status_code == 200 and WORK_EMAIL in found.text and liam.public_id in found.text
    linked = session.post(
        page,
        data={**fields, "chosen_profile": liam.public_id, "_link": "Link and sync"},
        headers={"Referer": page},
        timeout=30,
        allow_redirects=False,
    )
    assert linked.status_code == 302, linked.text[:1000]

    staff = wait_until(
        lambda: StaffRecord.objects.filter(ats_person_id=workflow.person_id).first(),
        message=f"the link made by the worker\n{live_hub.log_tail()}",
    )
    assert (staff.profile_id, staff.email) == (liam.public_id, WORK_EMAIL)
    link = Link.objects.get(object_type="staff", target_id=liam.public_id)
    assert link.state == "linked" and link.data == {"by_hand": "boss"}
    wait_until(
        lambda: icims.get_person(workflow.person_id).get("credentiallycompliancestatus") == "Not compliant",
        message=f"the normal sync wrote compliance to iCIMS\n{live_hub.log_tail()}",
    )
    sent = wait_until(
        lambda: StaffDocumentFile.objects.filter(document__staff=staff, status=FileStatus.SENT).first(),
        message="the passport sent",
    )
    [group] = icims.get_person(workflow.person_id, fields=[ATTACHMENT_COLLECTION])[ATTACHMENT_COLLECTION]
    assert int(group["credentiallyfileid"]) == passport.file_id == int(sent.file_id)
    record = Record.objects.get(action="link_staff")
    assert record.outcome == "updated" and "linked by hand (boss) to Liam Chen" in record.message
    assert "e-mails differ: liam.chen@example.org in the ATS, l.chen@northtrust.example in Credentially" in (
        record.message
    )
    assert Profile.objects.filter(first_name="Liam").count() == 1  # linked, never created again
