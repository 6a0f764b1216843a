"""Every creating write claims its link first: one writer at a time, the same writer may retry
its own claim (uncertain: read back first), a stale claim may be taken over, a refusal releases."""

import pytest
import time_machine
from django.utils import timezone

from sync.services.links import ClaimHeld, link_claim, link_confirm, link_get, link_release

pytestmark = pytest.mark.django_db
KEY = {
    "flow_key": "test.flow",
    "object_type": "badge",
    "source_system": "docebo",
    "source_id": "user:7/course:3",
    "target_system": "credly",
    "origin": "docebo",
}
GET = {k: KEY[k] for k in ("object_type", "source_system", "source_id", "target_system")}


def test_a_claim_is_pending_until_confirmed_then_it_is_the_link():
    claim = link_claim(**KEY, owner="event:1")
    assert claim.uncertain is False and link_get(**GET) is None  # pending is not linked yet
    link_confirm(claim, target_id="badge-9")
    assert link_get(**GET).target_id == "badge-9"
    assert link_claim(**KEY, owner="event:2") is None  # linked: nothing to write


def test_a_second_writer_is_refused_while_the_first_holds_a_fresh_claim():
    link_claim(**KEY, owner="event:1")
    with pytest.raises(ClaimHeld, match="event:1 is creating this badge"):
        link_claim(**KEY, owner="event:2")


def test_the_same_writer_retrying_gets_its_claim_back_as_uncertain():
    link_claim(**KEY, owner="event:1")
    assert link_claim(**KEY, owner="event:1").uncertain is True


def test_a_stale_claim_is_taken_over_and_the_taker_must_read_back(settings):
    settings.LINK_CLAIM_STALE_SECONDS = 300
    link_claim(**KEY, owner="run:4")  # its worker died mid-call
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=301)):
        claim = link_claim(**KEY, owner="event:5")
    assert claim.uncertain is True and claim.link.pk


def test_a_released_claim_lets_the_next_writer_start_afresh():
    claim = link_claim(**KEY, owner="event:1")
    link_release(claim)  # the vendor refused the write for certain
    assert link_claim(**KEY, owner="event:2").uncertain is False
