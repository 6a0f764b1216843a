"""Fixture loaders for the Docebo tests: recorded API answers and sample webhook deliveries."""

import json
from pathlib import Path

API_FIXTURES = Path(__file__).parent / "fixtures" / "api"
DELIVERY_FIXTURES = Path(__file__).resolve().parents[2] / "integrations" / "docebo" / "fixtures"


def api(name: str) -> dict:
    return json.loads((API_FIXTURES / f"{name}.json").read_text())


def delivery_bytes(name: str) -> bytes:
    return (DELIVERY_FIXTURES / f"{name}.json").read_bytes()


def delivery(name: str) -> dict:
    return json.loads(delivery_bytes(name))
