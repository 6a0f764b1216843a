"""Fixtures of the Certn sandbox tests: a seeded CA account wired to a hub URL, and the webhooks it sends."""

import json

import pytest
from django.utils import timezone

from integrations.certn.sandbox import EMULATOR, state
from integrations.certn.sandbox.models import Account
from integrations.certn.sandbox.seed import account


@pytest.fixture
def sent(monkeypatch):
    """Webhooks the emulator sends, with the headers its signer adds."""
    out = []

    def record(*, system, url, body, event_type, sign=None, **kwargs):
        raw = json.dumps(body).encode()
        out.append({"url": url, "body": body, "raw": raw, "headers": sign(raw) if sign else {}})

    monkeypatch.setattr(state, "send_webhook", record)
    return out


@pytest.fixture
def ca():
    EMULATOR.seed(step_seconds=0)
    acc = account("ca")
    Account.objects.filter(pk=acc.pk).update(
        webhook_url="http://hub.test/hooks/certn-ca/", webhook_verified_at=timezone.now()
    )
    acc.refresh_from_db()
    return acc


@pytest.fixture(autouse=True)
def _no_remembered_signatures():
    """The last signature outcome is kept in the cache per connection id; ids repeat across tests."""
    from django.core.cache import cache

    cache.clear()
