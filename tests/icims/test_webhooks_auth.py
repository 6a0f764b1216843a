"""iCIMS notifications signed with HMAC instead of Basic, and every refusal in iCIMS's error shape."""

import gzip
import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from django.test import override_settings

from integrations.icims import signing
from integrations.services import connection_create
from sync.models import InboundEvent
from tests.conftest import basic_auth
from tests.icims.helpers import fixture_bytes

pytestmark = pytest.mark.django_db

STATUS_CHANGE = "WorkFlowStatusChangeEvent.json"
KEY = "notification-key-agreed-with-icims"


@pytest.fixture
def icims(db):
    conn, (user, secret) = connection_create(
        system="icims",
        name="iCIMS",
        slug="icims-hmac",
        settings={"customer_id": "7712"},
        credentials={"username": "u", "password": "p", "webhook_hmac_key": KEY},
    )
    return conn, user, secret


def signed_headers(conn, body: bytes, *, key: str = KEY, host: str = "testserver") -> dict:
    return signing.sign_request(
        key=key, user="icims-notifier", method="POST", url_path=f"/hooks/{conn.slug}/", query="", host=host, body=body
    )


def post(client, conn, raw: bytes, headers: dict, *, compress: bool = True):
    headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    if compress:
        raw, headers["Content-Encoding"] = gzip.compress(raw), "gzip"
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers)


def test_signature_follows_the_scheme_on_icims_hmac_page():
    """Canonical request, string to sign and header layout, recomputed by hand for one request."""
    headers = signing.sign_request(
        key="k",
        user="u",
        method="POST",
        url_path="/hooks/x/",
        query="",
        host="hub.example",
        body=b"{}",
        when=datetime(2017, 10, 18, 14, 53, 40, tzinfo=UTC),
    )
    body_hash = hashlib.sha256(b"{}").hexdigest()
    canonical = (
        "POST\n/hooks/x/\n\ncontent-type:application/json\nhost:hub.example\n"
        f"x-icims-content-sha256:{body_hash}\nx-icims-date:2017-10-18T14:53:40+0000\n\n"
        "content-type;host;x-icims-content-sha256;x-icims-date"
    )
    to_sign = f"x-icims-v1-hmac-sha256\n2017-10-18T14:53:40+0000\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    expected = hmac.new(b"k", to_sign.encode(), hashlib.sha256).hexdigest()
    assert headers["Authorization"] == (
        f"x-icims-v1-hmac-sha256 user=u,signedheaders=content-type;host;x-icims-content-sha256;x-icims-date,"
        f"signature={expected}"
    )
    parsed = signing.parse_authorization(headers["Authorization"].replace(",", ", "))
    assert (parsed.user, parsed.signature) == ("u", expected) and len(parsed.signed_headers) == 4


def test_hmac_signed_notification_is_accepted_with_200(client, icims):
    conn, _, _ = icims
    raw = fixture_bytes(STATUS_CHANGE)
    response = post(client, conn, raw, signed_headers(conn, raw))
    assert response.status_code == 200, response.content
    assert InboundEvent.objects.get().dedupe_key == "7712:88431:C51877"


def test_signature_over_the_host_in_the_configured_url_is_accepted_behind_a_proxy(client, icims):
    conn, _, _ = icims
    raw = fixture_bytes(STATUS_CHANGE)
    with override_settings(HUB_BASE_URL="https://hub.example.org"):
        headers = signed_headers(conn, raw, host="hub.example.org")
        # the proxy in front of the hub passed the request on with its own Host
        assert post(client, conn, raw, {**headers, "Host": "testserver"}).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h, raw: {**h, "Authorization": h["Authorization"][:-4] + "0000"},  # another signature
        lambda h, raw: {**h, signing.CONTENT_HEADER: hashlib.sha256(raw + b" ").hexdigest()},  # another body's hash
        lambda h, raw: {**h, signing.DATE_HEADER: "2030-01-01T00:00:00+0000"},  # another date than signed
        lambda h, raw: {**h, "Authorization": h["Authorization"].replace("x-icims-content-sha256;", "")},
    ],
    ids=["signature", "body hash", "date", "body not signed"],
)
def test_a_signature_that_does_not_cover_this_body_is_refused_in_the_icims_shape(client, icims, tamper):
    conn, _, _ = icims
    raw = fixture_bytes(STATUS_CHANGE)
    response = post(client, conn, raw, tamper(signed_headers(conn, raw), raw))
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"userMessage", "debugErrorMessage"}
    assert not InboundEvent.objects.exists()


def test_hmac_is_refused_when_the_connection_has_no_key_but_basic_still_works(client, make_connection):
    conn, user, secret = make_connection("icims", slug="icims-basic", settings={"customer_id": "7712"})
    raw = fixture_bytes(STATUS_CHANGE)
    assert post(client, conn, raw, signed_headers(conn, raw)).status_code == 401
    assert post(client, conn, raw, {"Authorization": basic_auth(user, secret)}).status_code == 200


def test_a_signature_under_another_key_is_refused(client, icims):
    conn, _, _ = icims
    raw = fixture_bytes(STATUS_CHANGE)
    assert post(client, conn, raw, signed_headers(conn, raw, key="someone-else")).status_code == 401


# --- every refusal of the body in iCIMS's error shape (issue 9, point 13) -----------------------


def refusal(client, conn, user, secret, raw: bytes, **headers):
    headers = {"Authorization": basic_auth(user, secret), **headers}
    return client.post(f"/hooks/{conn.slug}/", data=raw, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("raw", "headers", "status"),
    [
        (b"", {}, 400),  # empty body
        (b"  ", {}, 400),
        (b"x" * 2048, {}, 413),  # over WEBHOOK_MAX_BYTES (1 KB here)
        (gzip.compress(b"{" + b" " * 100_000 + b"}"), {"Content-Encoding": "gzip"}, 413),  # a gzip bomb
        (b"not gzip at all", {"Content-Encoding": "gzip"}, 400),  # a bad gzip
    ],
    ids=["empty", "blank", "oversize", "gzip bomb", "bad gzip"],
)
def test_body_refusals_use_the_icims_error_shape(client, make_connection, settings, raw, headers, status):
    settings.WEBHOOK_MAX_BYTES = 1024
    conn, user, secret = make_connection("icims", slug="icims-refusals", settings={"customer_id": "7712"})
    response = refusal(client, conn, user, secret, raw, **headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"userMessage", "debugErrorMessage"} and error["userMessage"]
    assert not InboundEvent.objects.exists()
