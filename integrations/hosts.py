"""Which base URLs a connection may call: https to a public address, so that a mistyped or
malicious base URL cannot turn the hub's credentials and workers against the internal network.

`ALLOW_PRIVATE_HOSTS` lifts the rule (a vendor reached through a private link, a test rig); the
sandbox's own URLs are always allowed while the sandbox is on.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


def base_url_problem(url: str) -> str | None:
    """Why this base URL may not be used, in words for the admin form, or None when it may."""
    if not url or settings.ALLOW_PRIVATE_HOSTS or _is_sandbox(url):
        return None
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "The address must start with https:// (the vendor's API address; credentials travel over it)."
    host = parts.hostname or ""
    for address in _addresses(host, parts.port or 443):
        if not address.is_global:
            return (
                f"{host} points to a private or local address ({address}). Enter the vendor's public API "
                "address; if this vendor really is reached privately, your Crosswalk admin can set "
                "ALLOW_PRIVATE_HOSTS."
            )
    return None


def _is_sandbox(url: str) -> bool:
    return settings.SANDBOX_ENABLED and url.startswith(f"{settings.HUB_BASE_URL}/sandbox/")


def _addresses(host: str, port: int) -> list:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []  # a name that does not resolve reaches nobody; the client will say so when it calls
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
