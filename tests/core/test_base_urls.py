"""A connection's base URL must be https to a public address: no credentials sent to the internal network."""

import pytest
from django.core.exceptions import ValidationError

from integrations.hosts import base_url_problem
from integrations.services import connection_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com",
        "https://127.0.0.1:8443",
        "https://10.0.0.7",
        "https://169.254.169.254/latest",
        "https://[::1]/",
        "https://192.168.1.20/api",
        "https://localhost",
    ],
)
def test_plain_http_and_private_or_local_addresses_are_refused(url):
    assert base_url_problem(url)


@pytest.mark.parametrize("url", ["", "https://93.184.216.34", "https://name-that-does-not-resolve.invalid"])
def test_public_https_addresses_and_the_default_host_are_allowed(url):
    assert base_url_problem(url) is None


def test_the_sandbox_is_allowed_while_it_is_on(settings):
    url = f"{settings.HUB_BASE_URL}/sandbox/docebo"
    assert base_url_problem(url) is None
    settings.SANDBOX_ENABLED = False
    assert base_url_problem(url)


def test_the_setting_lifts_the_rule(settings):
    settings.ALLOW_PRIVATE_HOSTS = True
    assert base_url_problem("http://10.0.0.7") is None


def test_creating_a_connection_with_an_internal_address_is_refused_with_the_reason():
    with pytest.raises(ValidationError, match="private or local address"):
        connection_create(system="docebo", name="Docebo", slug="docebo-x", base_url="https://127.0.0.1")


def test_the_admin_form_explains_the_refusal(admin_client):
    response = admin_client.post(
        "/admin/integrations/connection/add/?system=certn",
        {"system": "certn", "name": "Certn", "slug": "certn-x", "base_url": "http://10.1.2.3", "settings": "{}"},
    )
    assert response.status_code == 200
    assert b"must start with https://" in response.content
