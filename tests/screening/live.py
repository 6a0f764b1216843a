"""Helpers of the screening stories on the live hub: wiring both sandboxes, reading what iCIMS
shows, acting in the Certn sandbox and in the hub's admin over HTTP."""

import re
import secrets

import requests

from demo import icims as icims_demo
from demo.certn import ensure_region_connection
from demo.screening import ensure_settings
from integrations.certn.sandbox import EMULATOR as CERTN
from integrations.certn.sandbox import models as certn_sandbox
from integrations.icims.payloads import WorkflowData
from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK, STATUS_OFFER_ACCEPTED, STATUSES
from mappings.screening.models import ReportUrlType
from tests.live import wait_until

PASSWORD = "a-long-password-1"


def wire(live_hub, *, region: str = "CA", report: str = ReportUrlType.PDF):
    """Seed both sandboxes, connect the hub to them (Certn's challenge answered) and map the stage."""
    icims = icims_demo.seed()
    CERTN.seed(step_seconds=0)  # statuses move only when the story says so
    certn = ensure_region_connection(region)
    wait_until(
        lambda: certn_sandbox.Account.objects.filter(region=region.lower(), webhook_verified_at__isnull=False).exists(),
        message=f"Certn's challenge handshake with the hub\n{live_hub.log_tail()}",
    )
    ensure_settings(
        icims=icims,
        certn=certn,
        report_url_type=report,
        status_id=STATUS_BACKGROUND_CHECK,
        status_name=STATUSES[STATUS_BACKGROUND_CHECK],
    )
    client = icims.client()
    [hit] = client.search_workflows(status=STATUS_OFFER_ACCEPTED)
    return icims, client, WorkflowData.from_api(hit["id"], client.get_workflow(hit["id"]))


def screening(client, workflow) -> dict:
    groups = client.get_person(workflow.person_id, fields=["bgcresults"]).get("bgcresults") or []
    return groups[-1] if groups else {}


def wait_screening(live_hub, client, workflow, status: str, **expected) -> dict:
    def shown():
        group = screening(client, workflow)
        ok = group.get("bgcorderstatus") == status and all(group.get(k) == v for k, v in expected.items())
        return group if ok else None

    return wait_until(shown, message=f"iCIMS to show {status} {expected}\n{live_hub.log_tail()}")


def certn_action(live_hub, name: str, **fields) -> None:
    csrf = secrets.token_hex(16)
    answer = live_hub.post(
        f"/sandbox/certn/_actions/{name}/",
        data={**fields, "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]


def the_case(live_hub, **filters) -> certn_sandbox.Case:
    return wait_until(
        lambda: certn_sandbox.Case.objects.filter(**filters).select_related("account", "group").first(),
        message=f"a case ordered in the Certn sandbox\n{live_hub.log_tail()}",
    )


def admin_session(hub, username: str = "boss") -> requests.Session:
    """A logged-in admin (a superuser, created if missing) on the live hub."""
    from django.contrib.auth.models import User

    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    session = requests.Session()
    session.get(f"{hub.url}/admin/login/", timeout=30)
    answer = session.post(
        f"{hub.url}/admin/login/?next=/admin/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
    )
    assert answer.url.endswith("/admin/"), answer.text[:300]
    return session


def admin_post(session: requests.Session, hub, path: str, data: dict) -> str:
    """POST to an admin page; returns the messages shown after it (success, warning, error)."""
    answer = session.post(
        f"{hub.url}{path}", data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=60
    )
    assert answer.status_code == 200, answer.text[:500]
    return " ".join(re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', answer.text, re.S))


def settled(live_hub) -> None:
    """Every webhook the sandboxes sent has reached the hub and been handled (before a test changes a
    sandbox behind the hub's back, so a late event cannot read the change first)."""
    from integrations.sandbox.models import SandboxDelivery
    from sync.models import EVENT_PENDING, InboundEvent

    wait_until(
        lambda: not SandboxDelivery.objects.filter(status_code__isnull=True).exists()
        and not InboundEvent.objects.filter(status__in=EVENT_PENDING).exists(),
        message=f"the webhooks delivered and handled\n{live_hub.log_tail()}",
    )
