"""End to end: the hub's Docebo client and the Docebo sandbox over real HTTP, and a learner's
completion travelling as webhooks from the emulator (through a real worker) into the hub's inbox."""

import secrets

import pytest

from demo.docebo import seed as demo_seed
from integrations.docebo import events
from integrations.docebo.sandbox.models import LearningPlan, User
from integrations.sandbox.models import SandboxDelivery
from sync.models import InboundEvent
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _action(live_hub, name: str, **fields):
    """Press a sandbox page button as a person would (the page's form, with its CSRF token)."""
    csrf = secrets.token_hex(16)
    return live_hub.post(
        f"/sandbox/docebo/_actions/{name}/",
        data={**fields, "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
    )


def test_completion_of_a_plan_reaches_the_hub_as_course_and_plan_events(live_hub):
    conn = demo_seed()
    client = conn.client()
    jane = client.find_user_by_email("jane.doe@example.com")
    plan = next(p for p in client.iter_learning_plans() if p["code"] == "LP-CLOUD")
    course_ids = [c["id_course"] for c in plan["courses"]]
    assert client.calls == 3  # token, user search, plans

    for course_id in course_ids:
        assert _action(live_hub, "complete-course", learner=jane["user_id"], course=str(course_id)).status_code == 302

    wait_until(
        lambda: InboundEvent.objects.filter(connection=conn).count() >= 3,
        message=f"three Docebo events in the inbox\n{live_hub.log_tail()}",
    )
    # Two workers deliver: like Docebo, the order of arrival is not guaranteed.
    stored = sorted(InboundEvent.objects.filter(connection=conn).values_list("event_type", "external_id"))
    user_id = int(jane["user_id"])
    assert stored == sorted(
        [
            (events.COURSE_COMPLETED, f"user:{user_id}/course:{course_ids[0]}"),
            (events.COURSE_COMPLETED, f"user:{user_id}/course:{course_ids[1]}"),
            (events.LEARNING_PLAN_COMPLETED, f"user:{user_id}/learningplan:{plan['id']}"),
        ]
    )
    assert set(SandboxDelivery.objects.values_list("status_code", flat=True)) == {202}

    done = list(client.iter_course_enrollments(course_ids=course_ids))
    assert {(e["user_id"], e["course_id"]) for e in done} == {(user_id, c) for c in course_ids}
    rows = list(client.iter_learning_plan_enrollments(learning_plan_ids=[plan["id"]], user_ids=[user_id]))
    assert rows[0]["enrollment_status"] == "completed"
    assert LearningPlan.objects.get(pk=plan["id"]).enrollments.get(user=User.objects.get(pk=user_id)).completed_at
