"""Shared bits of the Credentially client tests: the recorded hosts and key, a client on an unsaved
connection that records its waits instead of sleeping, and readers of a recorded request."""

import json
from urllib.parse import parse_qs, urlparse

from integrations.credentially.client import CredentiallyClient
from integrations.models import Connection

BASE = "https://app.credentially.io/gateway"
HOOKS = "https://app.credentially.io/webhook-gateway"
KEY = "eyJhbGciOi.test-key"
PROFILE_ID = "a7b80d86-92ad-452b-8b30-580146e5e1fb"


def make_client(**settings) -> CredentiallyClient:
    conn = Connection(system="credentially", base_url=BASE, credentials={"api_key": KEY}, settings=settings)
    client = CredentiallyClient(conn)
    client.waits = []
    client._sleep = client.waits.append  # record waits instead of sleeping
    return client


def _query(call) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(call.request.url).query).items()}


def _body(call) -> dict:
    return json.loads(call.request.body)
