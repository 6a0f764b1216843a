"""Shared bits of the iCIMS tests: fixture loading and a client on an unsaved connection."""

import json
from pathlib import Path

from integrations.icims.client import IcimsClient
from integrations.models import Connection

FIXTURES = Path(__file__).resolve().parents[2] / "integrations" / "icims" / "fixtures"
BASE = "https://api.icims.test"
CID = "7712"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_client(**settings) -> IcimsClient:
    conn = Connection(
        system="icims",
        base_url=BASE,
        credentials={"username": "api-user", "password": "pa55:word"},
        settings={"customer_id": CID, **settings},
    )
    client = IcimsClient(conn)
    client._sleep = lambda seconds: None  # retries must not slow the suite
    return client


def url(path: str) -> str:
    return f"{BASE}/customers/{CID}/{path}"
