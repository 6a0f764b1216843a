"""Shared bits of the Certn tests: fixture payloads and a client on an unsaved connection."""

import json
from pathlib import Path

from django.utils import timezone

from integrations.certn.client import CertnClient
from integrations.certn.sandbox import EMULATOR, state
from integrations.certn.sandbox.models import Account
from integrations.certn.sandbox.seed import account
from integrations.models import Connection

FIXTURES = Path(__file__).resolve().parents[2] / "integrations" / "certn" / "fixtures"
BASE = "https://api.ca.certn.test"
CASE_ID = "0f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa10"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def client(*, region: str = "CA", settings: dict | None = None) -> CertnClient:
    conn = Connection(
        system="certn",
        name="Certn",
        slug="certn",
        region=region,
        base_url=BASE,
        credentials={"api_key": "ck_test_key"},
        settings=settings or {},
    )
    api = CertnClient(conn)
    api._sleep = lambda seconds: None  # retries without waiting
    return api


def call(client, acc, method, path, body=None, key=None):
    headers = {"Authorization": f"Api-Key {key or acc.api_key}"}
    url = f"/sandbox/certn/{acc.region}/api/public/{path}"
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", headers=headers)


def order(client, acc, **extra):
    package = acc.packages.first()
    group = acc.groups.first()
    body = {
        "package": str(package.pk),
        "email_address": "amara.okafor@example.org",
        "send_invite_email": True,
        "group": str(group.pk),
        **extra,
    }
    return call(client, acc, "POST", "cases/order-package/", body)


def record_webhooks(monkeypatch) -> list:
    """Keep the webhooks the emulator sends, with the headers its signer adds, instead of posting them."""
    out = []

    def record(*, system, url, body, event_type, sign=None, **kwargs):
        raw = json.dumps(body).encode()
        out.append({"url": url, "body": body, "raw": raw, "headers": sign(raw) if sign else {}})

    monkeypatch.setattr(state, "send_webhook", record)
    return out


def seeded_account(region: str) -> Account:
    """The emulator seeded, and the region's account wired to a hub URL that passed the challenge."""
    EMULATOR.seed(step_seconds=0)
    acc = account(region)
    Account.objects.filter(pk=acc.pk).update(
        webhook_url=f"http://hub.test/hooks/certn-{region}/", webhook_verified_at=timezone.now()
    )
    acc.refresh_from_db()
    return acc
