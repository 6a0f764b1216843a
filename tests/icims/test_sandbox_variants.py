"""The iCIMS emulator's variants (OAuth-only API, HMAC-signed notifications) and what it counts as delivered."""

import gzip
import json

import pytest
import responses

from demo import icims as demo
from integrations.icims.sandbox import EMULATOR
from integrations.icims.sandbox.models import Workflow
from integrations.icims.sandbox.seed import (
    API_CLIENT_ID,
    API_CLIENT_SECRET,
    CUSTOMER_ID,
    STATUS_BACKGROUND_CHECK,
    STATUS_INTERVIEW,
)
from integrations.sandbox.models import SandboxDelivery
from integrations.sandbox.tasks import deliver_webhook
from sync.models import InboundEvent

pytestmark = pytest.mark.django_db


def token(client, *, secret: str = API_CLIENT_SECRET):
    form = {"grant_type": "client_credentials", "client_id": API_CLIENT_ID, "client_secret": secret}
    return client.post("/sandbox/icims/oauth/token", data=form)


def test_token_endpoint_issues_bearer_tokens_the_api_accepts(client, api):
    answer = token(client)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    assert api("get", "", auth=f"Bearer {body['access_token']}").json()["id"] == int(CUSTOMER_ID)
    assert api("get", "", auth="Bearer forged").status_code == 401


def test_token_endpoint_refuses_a_wrong_secret_or_grant(client, tenant):
    refused = token(client, secret="wrong")
    assert (refused.status_code, refused.json()["error"]) == (401, "access_denied")
    other_grant = client.post("/sandbox/icims/oauth/token", data={"grant_type": "password"})
    assert other_grant.status_code == 400


def test_oauth_variant_refuses_basic_with_the_icims_error(api, sandbox_variant):
    assert api("get", "").status_code == 200  # Basic, by default
    sandbox_variant("icims", "oauth")
    refused = api("get", "")
    assert refused.status_code == 401 and refused.json()["errors"][0]["errorCode"] == 6
    assert EMULATOR.credentials()["client_id"] == API_CLIENT_ID and "username" not in EMULATOR.credentials()


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda name, delivery_id, raw, headers, retry=True: sent.append((raw, headers))
    )
    return sent


def move(api, django_capture_on_commit_callbacks) -> Workflow:
    wf = Workflow.objects.filter(status__node_id=STATUS_INTERVIEW).first()
    with django_capture_on_commit_callbacks(execute=True):
        api("patch", f"applicantworkflows/{wf.pk}", json={"status": {"id": STATUS_BACKGROUND_CHECK}})
    return wf


def hub_post(client, conn, raw, headers):
    headers = {k: v for k, v in headers.items() if k not in ("Content-Type", "Host")}
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers)


def test_hmac_variant_signs_notifications_that_the_demo_connection_verifies(
    api, client, queued, sandbox_variant, django_capture_on_commit_callbacks
):
    conn = demo.seed()
    sandbox_variant("icims", "hmac")
    wf = move(api, django_capture_on_commit_callbacks)
    [(raw, headers)] = queued
    assert headers["Authorization"].startswith("x-icims-v1-hmac-sha256 user=")
    assert json.loads(gzip.decompress(raw))["systemId"] == str(wf.pk)
    assert hub_post(client, conn, raw, headers).status_code == 200
    assert InboundEvent.objects.get().external_id == str(wf.pk)


def test_hmac_variant_is_refused_by_a_connection_without_the_key(
    api, client, queued, sandbox_variant, django_capture_on_commit_callbacks
):
    conn = demo.seed()
    conn.credentials = {k: v for k, v in conn.credentials.items() if k != "webhook_hmac_key"}
    conn.save()
    sandbox_variant("icims", "hmac")
    move(api, django_capture_on_commit_callbacks)
    [(raw, headers)] = queued
    assert hub_post(client, conn, raw, headers).status_code == 401


@pytest.mark.parametrize(("status", "delivered"), [(200, True), (303, True), (202, False), (204, False), (400, False)])
@responses.activate
def test_only_200_and_303_count_as_delivered_as_icims_counts_them(db, status, delivered):
    responses.post("https://hub.example/hooks/icims/", status=status)
    delivery = SandboxDelivery.objects.create(system="icims", url="https://hub.example/hooks/icims/", body="{}")
    assert deliver_webhook(delivery.pk, b"{}", {}, retry=False) == status
    delivery.refresh_from_db()
    assert (delivery.delivered_at is not None, delivery.status_code, delivery.attempts) == (delivered, status, 1)
