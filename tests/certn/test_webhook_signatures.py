"""Certn's signature is recommended, its encoding unpublished: hex or base64 with a secret, unsigned without.

And the challenge handshake: Certn's value format is unpublished and a failed handshake stops
delivery, so any printable value is echoed, as plain text that a browser never renders.
"""

import base64
import hashlib
import hmac

import pytest

from integrations.certn.webhooks import CHALLENGE_MAX, last_signature, signature_outcome
from sync.models import InboundEvent
from tests.certn.helpers import fixture_bytes

pytestmark = pytest.mark.django_db
SECRET = "whsec_test_secret"
RAW = fixture_bytes("CASE_STATUS_CHANGED")


def digest(raw: bytes = RAW, secret: str = SECRET) -> bytes:
    return hmac.new(secret.encode(), raw, hashlib.sha256).digest()


@pytest.fixture
def signed(make_connection):
    conn, _, _ = make_connection("certn", slug="certn-ca", credentials={"api_key": "ck", "webhook_secret": SECRET})
    return conn


@pytest.fixture
def unsigned(make_connection):
    conn, _, _ = make_connection("certn", slug="certn-ca", credentials={"api_key": "ck"})
    return conn


def post(client, signature: str | None, raw: bytes = RAW):
    headers = {} if signature is None else {"X-Signature": signature}
    return client.post("/hooks/certn-ca/", data=raw, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    "encode",
    [
        lambda d: d.hex(),
        lambda d: d.hex().upper(),
        lambda d: "sha256=" + d.hex(),
        lambda d: base64.b64encode(d).decode(),
        lambda d: base64.b64encode(d).decode().rstrip("="),
        lambda d: base64.urlsafe_b64encode(d).decode(),
        lambda d: "sha256=" + base64.b64encode(d).decode(),
    ],
    ids=["hex", "HEX", "sha256=hex", "base64", "base64-unpadded", "base64-urlsafe", "sha256=base64"],
)
def test_a_signature_in_hex_or_base64_is_accepted(client, signed, encode):
    assert post(client, encode(digest())).status_code == 202
    assert InboundEvent.objects.count() == 1


def test_with_a_secret_a_missing_or_wrong_signature_is_still_401(client, signed):
    assert post(client, None).status_code == 401
    assert post(client, base64.b64encode(digest(secret="other")).decode()).status_code == 401
    assert post(client, digest(secret="other").hex()).status_code == 401
    assert post(client, "!!" + base64.b64encode(digest()).decode()).status_code == 401  # not base64 at all
    assert not InboundEvent.objects.exists()
    assert last_signature(signed)["outcome"] == "mismatch"


def test_without_a_secret_unsigned_deliveries_are_accepted_as_hints(client, unsigned):
    assert post(client, None).status_code == 202
    assert last_signature(unsigned)["outcome"] == "unsigned"


def test_signature_outcome_names_the_encoding():
    assert signature_outcome(SECRET, RAW, digest().hex()) == "hex"
    assert signature_outcome(SECRET, RAW, base64.b64encode(digest()).decode()) == "base64"
    assert signature_outcome(SECRET, RAW, "") == "missing"
    assert signature_outcome("", RAW, "") == "unsigned"
    assert signature_outcome("", RAW, "anything") == "unchecked"  # signed, but no secret to check with
    assert signature_outcome(SECRET, RAW, "é" * 44) == "mismatch"


@pytest.mark.parametrize(
    "value",
    ["Zx81LmQp", "a+b/c==", "with space", "<script>alert(1)</script>", "100%", "ünïcödé-✓", "x" * CHALLENGE_MAX],
    ids=["token", "base64", "space", "markup", "percent", "unicode", "longest"],
)
def test_any_printable_challenge_is_echoed_as_plain_text(client, unsigned, value):
    response = client.get("/hooks/certn-ca/", {"challenge": value})
    assert response.status_code == 200
    assert response.content.decode() == value
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "value", ["", "line\nbreak", "tab\there", "nul\x00", "x" * (CHALLENGE_MAX + 1)], ids=str.__len__
)
def test_unprintable_empty_or_overlong_challenge_is_not_echoed(client, unsigned, value):
    assert client.get("/hooks/certn-ca/", {"challenge": value}).status_code == 405


def test_the_admin_can_clear_the_signing_secret(admin_client, signed):
    form = {
        "system": "certn",
        "name": "Certn CA",
        "slug": signed.slug,
        "region": "CA",
        "base_url": "",
        "enabled": "on",
        "notification_email": "",
        "settings": "{}",
        "cred_api_key": "",
        "cred_webhook_secret": "",
        "clear_webhook_secret": "on",
    }
    page = admin_client.get(f"/admin/integrations/connection/{signed.pk}/change/").content.decode()
    assert "unsigned deliveries are accepted" in page and "Clear webhook signing secret" in page
    assert admin_client.post(f"/admin/integrations/connection/{signed.pk}/change/", form).status_code == 302
    signed.refresh_from_db()
    assert signed.credentials == {"api_key": "ck"}
