"""End to end: the hub's Credly client drives the emulator on the real server, and Credly's
webhooks come back to the hub through a real worker, for changes the hub made itself."""

import time
from datetime import UTC, datetime

import pytest

from demo import credly as demo
from integrations.credly.payloads import CredlyEvent
from integrations.sandbox.models import SandboxFault
from sync.models import EVENT_PENDING, InboundEvent
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _arrived(conn, event_type: str, count: int = 1):
    events = InboundEvent.objects.filter(connection=conn, event_type=event_type)
    return list(events) if events.count() >= count else None


def test_badge_issued_and_revoked_by_the_hub_comes_back_as_genuine_webhooks(live_hub):
    conn = demo.seed()
    credly = conn.client()
    template = next(t for t in credly.list_badge_templates(state="active") if t["name"] == "Data Privacy Essentials")
    started = time.monotonic()
    badge = credly.issue_badge(
        template_id=template["id"],
        recipient_email="e2e@example.com",
        first_name="Eve",
        last_name="Tester",
        issued_at=datetime.now(UTC),
        issuer_earner_id="docebo-e2e",
    )
    [created] = wait_until(
        lambda: _arrived(conn, "badge.created"), message=f"badge.created delivered\n{live_hub.log_tail()}"
    )
    travel = time.monotonic() - started
    detail = CredlyEvent.from_api(credly.get_event(created.dedupe_key))
    assert (detail.badge.id, detail.badge.issuer_earner_id) == (badge["id"], "docebo-e2e")

    # the hub's worker reads Credly for that event too: let it finish, so the one injected 429 is the revoke's
    wait_until(
        lambda: InboundEvent.objects.filter(pk=created.pk).exclude(status__in=EVENT_PENDING).exists(),
        message=f"badge.created processed\n{live_hub.log_tail()}",
    )
    SandboxFault.objects.update_or_create(
        system="credly", defaults={"fail_next": 1, "error_status": 429, "retry_after_seconds": 1}
    )
    before = credly.calls
    credly.revoke_badge(badge["id"], reason="End-to-end check")
    assert credly.calls - before == 2  # the injected 429 was sat out, then the revoke went through
    [changed] = wait_until(
        lambda: _arrived(conn, "badge.state.changed"), message=f"badge.state.changed delivered\n{live_hub.log_tail()}"
    )
    assert CredlyEvent.from_api(credly.get_event(changed.dedupe_key)).badge.state == "revoked"
    print(f"credly webhook issue->inbox: {travel:.2f}s")  # speed is the benchmarks' job; arrival is this test's
