"""Fixtures for the Credentially sandbox tests: its paths, full rate buckets, the seeded organisation,
a caller of its API through Django's test client, and a webhook subscription.

The sandbox modules ask for `fresh_buckets` with a module-level `pytestmark`; the client tests define
their own `client` (a CredentiallyClient), so no fixture here is named `client`.
"""

import json

import pytest

from integrations.credentially import events
from integrations.credentially.sandbox import http
from integrations.credentially.sandbox.seed import seed

API = "/sandbox/credentially/gateway/api"
HOOKS = "/sandbox/credentially/webhook-gateway"


@pytest.fixture
def fresh_buckets():
    http._buckets.clear()  # rate buckets are per process; each test starts with full ones


@pytest.fixture
def org(db):
    return seed()


@pytest.fixture
def api(client, org):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {org.api_key}", "HTTP_X_API_VERSION": "2.0.0"}

    def call(method: str, path: str, body=None, **extra):
        url = path if path.startswith("/") else f"{API}/{path}"
        kwargs = {**headers, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method)(url, **kwargs)

    return call


def _subscribe(org, url="http://hub.test/hooks/credentially/", kinds=None):
    return org.subscriptions.create(
        callback_url=url,
        webhook_name="crosswalk-test",
        password="s3cret-pass",
        event_types=kinds or list(events.CATALOGUE),
    )
