"""Every emulator answers a path it does not know with its vendor's JSON error, never Django's HTML 404."""

import pytest

from integrations.sandbox.base import emulators

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("system", sorted(emulators()))
def test_unknown_api_path_gets_a_json_404_in_the_vendors_shape(client, system):
    response = client.get(f"/sandbox/{system}/no/such/endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "no/such/endpoint" in response.content.decode()


def test_the_sandbox_pages_still_answer(client):
    assert client.get("/sandbox/credly/").status_code == 200
