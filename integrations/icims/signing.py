"""iCIMS's HMAC scheme `x-icims-v1-hmac-sha256` (contract §1.3), shared by the receiver and the emulator.

What the signature covers, as iCIMS's HMAC page and its own logged notification show it:

- headers `x-icims-date` (the signing time) and `x-icims-content-sha256` (lower-case hex SHA-256 of
  the body; in iCIMS's logged notification it is the hash of the plain JSON body);
- `Authorization: x-icims-v1-hmac-sha256 user=<user>, signedheaders=<h1;h2;...>, signature=<hex>`
  (header names lower-case, `;`-joined; the parts after `user` are comma separated);
- canonical request = method, path, query, one `name:value` line per signed header (sorted), an
  empty line, the signed header names; string to sign = the scheme name, the `x-icims-date`
  value and the hex SHA-256 of the canonical request, one per line; signature = lower-case hex
  HMAC-SHA256 of the string to sign under the shared key (the key used as is, as a public client
  does: unconfirmed).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

SCHEME = "x-icims-v1-hmac-sha256"
DATE_HEADER = "x-icims-date"
CONTENT_HEADER = "x-icims-content-sha256"
NOTIFICATION_HEADERS = ("content-type", "host", CONTENT_HEADER, DATE_HEADER)  # as iCIMS signs its own


@dataclass(frozen=True)
class HmacAuthorization:
    user: str
    signed_headers: tuple[str, ...]
    signature: str


def content_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(*, method: str, path: str, query: str, headers: dict[str, str], signed: tuple[str, ...]) -> str:
    lines = sorted(f"{name}:{str(headers.get(name, '')).strip()}" for name in signed)
    return "\n".join([method.upper(), path, query or "", *lines, "", ";".join(sorted(signed))])


def signature(*, key: str, method: str, path: str, query: str, headers: dict[str, str], signed) -> str:
    signed = tuple(sorted(h.lower() for h in signed))
    canonical = canonical_request(method=method, path=path, query=query, headers=headers, signed=signed)
    to_sign = "\n".join([SCHEME, str(headers.get(DATE_HEADER, "")).strip(), content_sha256(canonical.encode())])
    return hmac.new(key.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


def parse_authorization(value: str) -> HmacAuthorization | None:
    """The parts of an `x-icims-v1-hmac-sha256 ...` header, or None for another scheme or a broken one."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != SCHEME:
        return None
    parts = {}
    for item in rest.split(","):
        name, sep, val = item.strip().partition("=")
        if sep:
            parts[name.strip().lower()] = val.strip()
    signed = tuple(h.strip().lower() for h in parts.get("signedheaders", "").split(";") if h.strip())
    if not parts.get("signature") or not signed:
        return None
    return HmacAuthorization(user=parts.get("user", ""), signed_headers=signed, signature=parts["signature"].lower())


def sign_request(
    *, key: str, user: str, method: str, url_path: str, query: str, host: str, body: bytes, when: datetime | None = None
) -> dict[str, str]:
    """The headers that sign a request as iCIMS signs an event notification (content type JSON)."""
    when = (when or datetime.now(UTC)).astimezone(UTC)
    headers = {
        "content-type": "application/json",
        "host": host,
        CONTENT_HEADER: content_sha256(body),
        DATE_HEADER: when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
    }
    sig = signature(key=key, method=method, path=url_path, query=query, headers=headers, signed=NOTIFICATION_HEADERS)
    authorization = f"{SCHEME} user={user},signedheaders={';'.join(NOTIFICATION_HEADERS)},signature={sig}"
    return {
        "Content-Type": headers["content-type"],
        "Host": host,
        CONTENT_HEADER: headers[CONTENT_HEADER],
        DATE_HEADER: headers[DATE_HEADER],
        "Authorization": authorization,
    }
