"""The clients' session reads the proxy environment once per host, with requests' own answers."""

import pytest
import requests

from integrations.client import session as vendor_session
from integrations.client.session import VendorSession

URLS = ["https://api.credly.test/v1/x", "http://127.0.0.1:8765/learn/v1/courses", "https://internal.example/y"]


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"HTTPS_PROXY": "http://proxy.test:3128"},
        {"https_proxy": "http://proxy.test:3128", "NO_PROXY": "internal.example,127.0.0.1"},
        {"ALL_PROXY": "http://all.test:1"},
    ],
)
def test_answers_are_requests_own(monkeypatch, environ):
    for name in vendor_session.PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    for url in URLS:
        for _ in range(2):  # the second answer comes from memory
            ours = VendorSession().merge_environment_settings(url, {}, None, None, None)
            assert ours == requests.Session().merge_environment_settings(url, {}, None, None, None)


def test_a_changed_proxy_variable_is_honoured_at_once(monkeypatch):
    for name in vendor_session.PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    url = URLS[0]
    assert VendorSession().merge_environment_settings(url, {}, None, None, None)["proxies"] == {}
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    proxies = VendorSession().merge_environment_settings(url, {}, None, None, None)["proxies"]
    assert proxies["https"] == "http://proxy.test:3128"


def test_the_environment_is_read_once_per_host(monkeypatch):
    reads = []
    monkeypatch.setattr(vendor_session, "_found", {})
    monkeypatch.setattr(vendor_session, "get_environ_proxies", lambda url, no_proxy: reads.append(url) or {})
    session = VendorSession()
    for _ in range(3):
        session.merge_environment_settings(URLS[0], {}, None, None, None)
    VendorSession().merge_environment_settings(URLS[0] + "?page=2", {}, None, None, None)
    assert reads == [URLS[0]]
