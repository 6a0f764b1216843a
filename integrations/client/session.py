"""The clients' HTTP session: requests' own, reading the proxy environment once per host.

requests asks the environment for proxies on every call (`get_environ_proxies`), which walks and
decodes all of `os.environ` twice: profiled at about a tenth of a worker's CPU per event. The
answer depends only on the URL's scheme and host and on the proxy variables, so it is kept per
(scheme, host, those variables' values): a changed variable is a new key, never a stale answer.
"""

import os
from urllib.parse import urlsplit

import requests
from requests.sessions import merge_setting
from requests.utils import get_environ_proxies

# The variables that can steer an http(s) URL: urllib reads "<scheme>_proxy", "all_proxy" and
# "no_proxy", lower case first; REQUEST_METHOD is how it tells a CGI request (see urllib.request).
PROXY_VARIABLES = (
    *(name for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy") for name in (base, base.upper())),
    "REQUEST_METHOD",
)
_found: dict[tuple, dict] = {}


def environ_proxies(url: str, no_proxy: str | None) -> dict:
    parts = urlsplit(url)
    key = (parts.scheme, parts.netloc, no_proxy, *(os.environ.get(name) for name in PROXY_VARIABLES))
    if key not in _found:
        if len(_found) > 1000:  # hosts are a handful; a leak would be a bug, not a reason to grow
            _found.clear()
        _found[key] = get_environ_proxies(url, no_proxy=no_proxy)
    return _found[key]


class VendorSession(requests.Session):
    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        """requests' own, with the environment's proxies read through `environ_proxies`."""
        if not self.trust_env:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        no_proxy = proxies.get("no_proxy") if proxies is not None else None
        for k, v in environ_proxies(url, no_proxy).items():
            proxies.setdefault(k, v)
        if verify is True or verify is None:
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }
