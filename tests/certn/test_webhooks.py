"""Certn webhooks through the hub's view: signature checked, stored once, challenge echoed."""

import hashlib
import hmac

import pytest

from integrations.certn.events import EVENT_TYPES
from integrations.certn.payloads import CertnEvent
from sync.models import InboundEvent
from tests.certn.helpers import CASE_ID, fixture, fixture_bytes

pytestmark = pytest.mark.django_db
SECRET = "whsec_test_secret"


@pytest.fixture
def certn(make_connection):
    conn, _, _ = make_connection(
        "certn", slug="certn-ca", region="CA", credentials={"api_key": "ck", "webhook_secret": SECRET}
    )
    return conn


def sign(raw: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def post(client, raw: bytes, signature: str):
    return client.post(
        "/hooks/certn-ca/", data=raw, content_type="application/json", headers={"X-Signature": signature}
    )


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_fixture_is_accepted_with_a_good_signature(client, certn, event_type):
    raw = fixture_bytes(event_type)
    response = post(client, raw, sign(raw))
    assert response.status_code == 202
    event = InboundEvent.objects.get()
    assert (event.event_type, event.dedupe_key) == (event_type, fixture(event_type)["id"])
    assert event.external_id == CASE_ID  # a CHECK event is filed under its case


def test_bad_signature_is_refused_with_401_and_nothing_stored(client, certn):
    raw = fixture_bytes("CASE_STATUS_CHANGED")
    assert post(client, raw, sign(raw, "another-secret")).status_code == 401
    assert post(client, raw, "").status_code == 401
    assert not InboundEvent.objects.exists()


def test_body_changed_after_signing_is_refused(client, certn):
    raw = fixture_bytes("CASE_STATUS_CHANGED")
    tampered = raw.replace(b"COMPLETE", b"CANCELLED")
    assert post(client, tampered, sign(raw)).status_code == 401


def test_repeated_delivery_is_stored_once(client, certn):
    raw = fixture_bytes("CASE_STATUS_CHANGED")
    assert post(client, raw, sign(raw)).status_code == 202
    again = post(client, raw, sign(raw))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_signed_body_without_event_id_is_stored_as_unsupported_not_refused(client, certn):
    raw = b'{"event_type": "CASE_STATUS_CHANGED", "object_id": "x"}'
    response = post(client, raw, sign(raw))
    assert response.status_code == 202 and "id" in response.json()["unsupported"]
    event = InboundEvent.objects.get()
    assert event.status == "unsupported" and "id" in event.last_error


def test_signed_body_that_is_not_json_is_a_400(client, certn):
    raw = b"not json"
    assert post(client, raw, sign(raw)).status_code == 400
    assert not InboundEvent.objects.exists()


def test_challenge_is_echoed_as_plain_text(client, certn):
    response = client.get("/hooks/certn-ca/?challenge=Zx81LmQp")
    assert response.status_code == 200
    assert response.content == b"Zx81LmQp"
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_event_id_may_come_as_event_id_only():
    event = CertnEvent.from_payload({"event_id": "e1", "event_type": "CASE_STATUS_CHANGED", "object_id": "c1"})
    assert (event.id, event.object_type, event.case_id) == ("e1", "CASE", "c1")
