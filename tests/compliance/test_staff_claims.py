"""Staff creation claims its link first: a second writer finds the claim and leaves the person to
the first; the writer whose call timed out reads Credentially back before creating again."""

import pytest

from tests.compliance.conftest import CRED, PERSON_ID, PROFILE_ID, load, writes
from tests.compliance.test_staff_creation import deliver, mock_creation, records

pytestmark = pytest.mark.django_db


def claim_for(trigger, owner):
    from sync.flows.compliance.staff_creation import FLOW_KEY, staff_link_ref
    from sync.services.links import link_claim

    ats = trigger.ats_connection
    return link_claim(
        flow_key=FLOW_KEY,
        object_type="staff",
        source_system=ats.system,
        source_id=staff_link_ref(ats, PERSON_ID),
        target_system="credentially",
        origin=ats.system,
        owner=owner,
    )


def test_a_second_writer_leaves_the_person_to_the_one_holding_the_claim(trigger, http):
    mock_creation(http)
    claim_for(trigger, owner="run:77")  # a batch is creating this person right now
    deliver(trigger.ats_connection, load("icims_status_change"))
    assert writes(http, "PUT", "/api/profile") == []
    [skip] = records()
    assert skip.outcome == "skipped" and "left to another writer" in skip.message


def test_after_a_timeout_the_retry_reads_back_and_links_the_person_it_had_created(trigger, http):
    import requests
    import time_machine
    from django.utils import timezone

    from sync.flows.compliance.staff_creation import staff_link_ref
    from sync.models import EventStatus
    from sync.services.links import link_get
    from sync.services.processing import event_process

    mock_creation(http)
    http.replace(http.PUT, f"{CRED}/api/profile", body=requests.exceptions.ReadTimeout("no answer in 30 s"))
    event = deliver(trigger.ats_connection, load("icims_status_change"))
    assert event.status == EventStatus.RETRYING  # outcome unknown: the claim stays with this event
    http.replace(http.GET, f"{CRED}/api/profile/find", json=load("credentially_profile"))  # it did happen
    puts_before = len(writes(http, "PUT", "/api/profile"))
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1)):
        event_process(event_id=event.pk)
    assert len(writes(http, "PUT", "/api/profile")) == puts_before  # read back, not created twice
    link = link_get(
        object_type="staff",
        source_system="icims",
        source_id=staff_link_ref(trigger.ats_connection, PERSON_ID),
        target_system="credentially",
    )
    assert link is not None and link.target_id == PROFILE_ID
