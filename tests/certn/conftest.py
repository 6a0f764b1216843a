"""Fixtures of the Certn tests: a seeded CA account wired to a hub URL, and the webhooks it sends."""

import pytest

from tests.certn.helpers import record_webhooks, seeded_account


@pytest.fixture
def sent(monkeypatch):
    """Webhooks the emulator sends, with the headers its signer adds."""
    return record_webhooks(monkeypatch)


@pytest.fixture
def ca():
    return seeded_account("ca")


@pytest.fixture(autouse=True)
def _no_remembered_signatures():
    """The last signature outcome is kept in the cache per connection id; ids repeat across tests."""
    from django.core.cache import cache

    cache.clear()
