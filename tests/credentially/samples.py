"""Sample payloads from integrations/credentially/fixtures/: `sample("PROFILE_DBS_STATUS_CHANGED")`
(a webhook body) or `sample("api/profile_detail")` (an API answer, from the contract's §6 samples)."""

import json
from pathlib import Path

import integrations.credentially

FIXTURES = Path(integrations.credentially.__file__).resolve().parent / "fixtures"


def sample(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())
