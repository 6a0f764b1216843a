"""Two admins press Run now on the Docebo -> Credly batch at the same moment, through the real admin
on the real server, against a Credly that would accept duplicate badges: exactly one run happens
and every learner gets each badge once."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests

from mappings.badges.models import BadgeTemplate
from sync.models import RUN_ACTIVE, Run, Trigger
from tests.badges.sandbox import action, wire
from tests.live import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FLOW = "badges.docebo_to_credly"


def admin_session(hub) -> requests.Session:
    session = requests.Session()
    session.get(f"{hub.url}/admin/login/", timeout=30)
    answer = session.post(
        f"{hub.url}/admin/login/?next=/admin/",
        data={"username": "boss", "password": "a-long-password-1", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
    )
    assert answer.url.endswith("/admin/"), answer.text[:300]
    return session


def run_now(session: requests.Session, hub, flow_pk: int) -> str:
    answer = session.post(
        f"{hub.url}/admin/sync/flow/",
        data={"action": "run_now", "_selected_action": [flow_pk], "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=60,
    )
    return " ".join(re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', answer.text))


def test_two_simultaneous_run_nows_make_one_run_and_one_badge_per_pair(live_hub):
    from django.contrib.auth.models import User

    from integrations.credly.sandbox.models import IssuedBadge, Organization, Template
    from integrations.docebo.sandbox import EMULATOR as DOCEBO
    from integrations.docebo.sandbox.models import Course, CourseFieldOption
    from sync.services.runs import flow_row

    wire()
    names = [f"Race badge {i}" for i in range(2)]
    for name in names:
        action(live_hub, "credly", "create_template", name=name)
    wait_until(
        lambda: BadgeTemplate.objects.filter(name__in=names).exclude(dropdown_element_id="").count() == 2,
        timeout=60,
        message=f"templates synced and offered in Docebo\n{live_hub.log_tail()}",
    )
    Template.objects.filter(name__in=names).update(allow_duplicate_badges=True)  # only the hub can prevent doubles
    DOCEBO.seed_bulk(courses=2, learners=15, completions=30, completed_on=date.today())
    for course, name in zip(Course.objects.filter(name__startswith="Bulk course").order_by("pk"), names, strict=True):
        option = CourseFieldOption.objects.get(label=name)
        action(live_hub, "docebo", "set-badge", course=course.pk, option=f"{option.field_id}:{option.pk}")
    Organization.objects.update(webhook_url="")  # Credly's echoes are other stories' subject
    User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    first, second = admin_session(live_hub), admin_session(live_hub)
    flow = flow_row(FLOW)

    with ThreadPoolExecutor(2) as pool:
        said = list(pool.map(lambda s: run_now(s, live_hub, flow.pk), [first, second]))

    batch_runs = Run.objects.filter(flow=flow).exclude(trigger=Trigger.WEBHOOK)
    assert batch_runs.count() == 1, said
    assert any("already running" in message for message in said), said
    wait_until(
        lambda: not batch_runs.filter(status__in=RUN_ACTIVE).exists(),
        timeout=90,
        message=f"the run finished\n{live_hub.log_tail()}",
    )
    issued = IssuedBadge.objects.filter(template__name__in=names)
    pairs = [(b.recipient_email, b.template_id) for b in issued]
    assert len(pairs) == 30 and len(set(pairs)) == len(pairs)
