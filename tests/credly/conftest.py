"""Fixtures for the Credly emulator: a seeded organisation, and HTTP to it without a server.

`DjangoTransport` carries the real CredlyClient's requests into Django's test client, so the
client and the emulator are tested against each other in-process (the e2e suite does it over
a real socket).
"""

import base64
import json

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from integrations.credly.sandbox import EMULATOR


class DjangoTransport(requests.adapters.BaseAdapter):
    def __init__(self, django_client):
        super().__init__()
        self.django_client = django_client

    def send(self, request, **kwargs):
        path = request.url.split("://", 1)[1].split("/", 1)[1]
        answer = self.django_client.generic(
            request.method,
            "/" + path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", "application/json"),
            headers={"Authorization": request.headers.get("Authorization", "")},
        )
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.content
        response.headers = CaseInsensitiveDict(dict(answer.items()))
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


@pytest.fixture
def seeded(db):
    EMULATOR.seed()
    return EMULATOR.settings()["organization_id"], EMULATOR.credentials()["auth_token"]


@pytest.fixture
def api(client, seeded):
    """Django test client calls to /sandbox/credly/v1/organizations/{org}/<path> with the token."""
    org, token = seeded
    auth = "Basic " + base64.b64encode(f"{token}:".encode()).decode()

    def call(method: str, path: str, body=None, *, authorization: str | None = None, **params):
        url = f"/sandbox/credly/v1/organizations/{org}{path}"
        headers = {"Authorization": auth if authorization is None else authorization}
        if method == "GET":
            return client.get(url, params, headers=headers)
        return client.generic(
            method, url, data=json.dumps(body or {}), content_type="application/json", headers=headers
        )

    return call


@pytest.fixture
def hub_client(client, seeded, make_connection):
    """The real CredlyClient of a connection pointing at the emulator."""
    conn, _, _ = make_connection(
        system="credly",
        slug="credly-emu",
        base_url=EMULATOR.base_url(),
        credentials=EMULATOR.credentials(),
        settings=EMULATOR.settings(),
    )
    credly = conn.client()
    credly.session.mount("http://", DjangoTransport(client))
    credly._sleep = lambda seconds: None
    return credly
