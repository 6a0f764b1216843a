import pytest

from integrations.icims.sandbox.seed import API_PASSWORD, API_USERNAME, CUSTOMER_ID, seed_tenant
from tests.conftest import basic_auth


@pytest.fixture
def tenant(db):
    """The seeded sandbox tenant (customer 7712 with jobs, candidates and statuses)."""
    return seed_tenant()


@pytest.fixture
def api(client, tenant):
    """Call the emulated iCIMS API as its API user: api("get", "people/1", ...)."""

    def call(method: str, path: str, *, auth: str | None = None, **kwargs):
        headers = {"Authorization": auth or basic_auth(API_USERNAME, API_PASSWORD), **kwargs.pop("headers", {})}
        if "json" in kwargs:
            kwargs["data"], kwargs["content_type"] = kwargs.pop("json"), "application/json"
        url = f"/sandbox/icims/customers/{CUSTOMER_ID}" + (f"/{path}" if path else "")
        return getattr(client, method)(url, headers=headers, **kwargs)

    return call
