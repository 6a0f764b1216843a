"""Shared fixtures: connections, a webhook poster, and `live_hub` for end-to-end stories."""

import base64

import pytest

from tests.live import LiveHub, start_live_hub


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: connection ids repeat between tests, and a pause or a
    token cached by one test must not reach the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def make_connection(db):
    """Create a connection; returns (connection, webhook username, webhook secret)."""
    from integrations.services import connection_create

    def make(system="docebo", slug=None, **kwargs):
        conn, issued = connection_create(
            system=system, name=kwargs.pop("name", system.title()), slug=slug or f"{system}-test", **kwargs
        )
        username, secret = issued or ("", "")
        return conn, username, secret

    return make


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture(scope="session")
def live_hub(django_db_setup, django_db_blocker) -> LiveHub:
    """The real server (gunicorn) and a real qcluster on the test database, sandbox on.

    Use with `transactional_db` so what the test writes is committed and visible to them.
    """
    hub = start_live_hub()
    yield hub
    with django_db_blocker.unblock():
        hub.stop()


@pytest.fixture
def sandbox_variant(db):
    """Switch emulator variants on for one test: `sandbox_variant("docebo", "ignores_course_filter")`.

    A database row, so a live server and worker see it too; switched off again after the test
    (with `transactional_db` the row would otherwise outlive it)."""
    from integrations.sandbox.variants import variant_set

    switched = []

    def switch(system: str, name: str) -> None:
        variant_set(system=system, name=name, on=True)
        switched.append((system, name))

    yield switch
    for system, name in switched:
        variant_set(system=system, name=name, on=False)
