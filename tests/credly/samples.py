"""Sample payloads from integrations/credly/fixtures/: webhook envelopes, event details and API
answers, for tests."""

import json
from pathlib import Path

import integrations.credly

FIXTURES = Path(integrations.credly.__file__).resolve().parent / "fixtures"


def sample(name: str) -> dict:
    """`sample("badge.created")` (envelope), `sample("event_detail/badge.created")`, `sample("api/badge_issued")`."""
    return json.loads((FIXTURES / f"{name}.json").read_text())
