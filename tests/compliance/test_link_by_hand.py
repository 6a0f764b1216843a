"""Linking an ATS candidate to an existing Credentially staff member by hand (admin page -> worker)."""

import pytest
from django.urls import reverse

from tests.compliance.conftest import CID, CRED, ICIMS, PERSON_ID, PROFILE_ID, load

pytestmark = pytest.mark.django_db
PAGE = "admin:compliance_staffrecord_link"
WORK_EMAIL = "a.okafor@northtrust.example"  # Credentially holds her work e-mail; iCIMS her personal one


def profile(**changes) -> dict:
    return {**load("credentially_profile"), "email": WORK_EMAIL, **changes}


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-123456789")
    client.force_login(user)
    return client


def form(connections) -> dict:
    icims, cred = connections
    return {"ats_connection": icims.pk, "person_id": PERSON_ID, "credentially_connection": cred.pk, "term": "okafor"}


def process_queued_events():
    from sync.models import EventStatus, InboundEvent
    from sync.services.processing import event_process

    for event in InboundEvent.objects.filter(status=EventStatus.RECEIVED):
        event_process(event_id=event.pk)


def test_the_admin_finds_the_profile_chooses_it_and_a_worker_links_and_syncs(admin_client, connections, http):
    from mappings.compliance.models import StaffRecord
    from sync.models import Record, Run

    http.get(f"{CRED}/api/profile", json={"content": [profile()], "totalPages": 1, "number": 0})
    found = admin_client.post(reverse(PAGE), {**form(connections), "_search": "Find"})
    assert found.status_code == 200
    assert WORK_EMAIL in found.content.decode() and f'value="{PROFILE_ID}"' in found.content.decode()
    [search] = [c for c in http.calls if c.request.method == "GET"]
    assert "name=okafor" in search.request.url

    done = admin_client.post(reverse(PAGE), {**form(connections), "chosen_profile": PROFILE_ID, "_link": "Link"})
    assert done.status_code == 302  # queued; nothing linked in the request
    assert not StaffRecord.objects.exists()

    http.get(f"{ICIMS}/customers/{CID}/people/{PERSON_ID}", json=load("icims_person"))
    http.get(f"{CRED}/api/profile/{PROFILE_ID}", json=profile())
    process_queued_events()

    staff = StaffRecord.objects.get()
    assert (staff.profile_id, staff.ats_person_id, staff.email) == (PROFILE_ID, PERSON_ID, WORK_EMAIL)
    record = Record.objects.get(action="link_staff")
    assert record.outcome == "updated" and "linked by hand (boss)" in record.message
    assert "e-mails differ: amara.okafor@example.org in the ATS, a.okafor@northtrust.example in Credentially" in (
        record.message
    )
    sync_back = Run.objects.get(flow__key="compliance.sync_back")  # the normal sync, queued for the person
    assert sync_back.params["profile_ids"] == [PROFILE_ID]


def test_a_profile_linked_to_another_candidate_is_refused_in_plain_words(admin_client, connections, staff, http):
    from sync.models import InboundEvent

    data = {**form(connections), "person_id": "99999", "chosen_profile": PROFILE_ID, "_link": "Link"}
    http.get(f"{CRED}/api/profile", json={"content": [profile()], "totalPages": 1, "number": 0})
    answer = admin_client.post(reverse(PAGE), data, follow=True)
    text = answer.content.decode()
    assert "Not linked: This Credentially profile is already linked to ATS candidate 20411" in text
    assert "Linked to" in text and "ATS candidate 20411" in text  # the list shows who holds it
    assert not InboundEvent.objects.exists()


def test_an_event_of_this_type_not_made_by_the_hub_is_refused_without_a_call(connections, http):
    from integrations.webhooks import ParsedEvent
    from sync.flows.compliance.link_by_hand import LINK_BY_HAND
    from sync.models import Record
    from sync.services.events import event_ingest
    from sync.services.processing import event_process

    icims, cred = connections
    forged = {"person_id": PERSON_ID, "credentially_connection": cred.pk, "profile_id": PROFILE_ID}
    event, _ = event_ingest(
        connection=icims, incoming=ParsedEvent(event_type=LINK_BY_HAND, dedupe_key="x", payload=forged)
    )
    event_process(event_id=event.pk)
    [record] = Record.objects.all()
    assert record.outcome == "failed" and "made by Crosswalk itself" in record.message
    assert len(http.calls) == 0


def test_the_staff_list_offers_link_by_hand(admin_client):
    page = admin_client.get(reverse("admin:compliance_staffrecord_changelist")).content.decode()
    assert f'href="{reverse(PAGE)}"' in page and "Link by hand" in page
