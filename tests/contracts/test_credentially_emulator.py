"""The Credentially emulator against Credentially's published OpenAPI documents (tests/contracts/credentially/).

Every answer the emulator gives the real client (and the client's requests to it), the endpoints
the client does not call, and every callback it sends: an emulator that drifts from Credentially
(a field the spec lacks, a wrong type, a write-only field sent back) fails here. The client's
requests to Credentially's own host are checked in test_credentially.py.
"""

import base64
from datetime import date

import pytest
import requests

from integrations.credentially import events
from integrations.credentially.client import CredentiallyClient
from integrations.credentially.sandbox import EMULATOR, state
from integrations.credentially.sandbox.http import _buckets
from integrations.credentially.sandbox.seed import seed
from integrations.models import Connection
from tests.contracts.credentially_openapi import SANDBOX, RecordingTransport, check_request, check_response

PDF = b"%PDF-1.4 contract"
# What the emulator wraps around the catalogued fields (the envelope is not published, contract §3.3).
ENVELOPE = {"eventId", "eventType", "occurredAt", "organisationId"}


@pytest.fixture
def emulated(db):
    """A client on the seeded emulator, every exchange recorded."""
    _buckets.clear()
    org = seed()
    conn = Connection(system="credentially", base_url=f"{SANDBOX}/gateway", credentials={"api_key": org.api_key})
    session, transport = requests.Session(), RecordingTransport()
    session.mount("http://", transport)
    return org, CredentiallyClient(conn, session=session), transport


def _person_with_everything(org, client):
    created = client.create_staff(
        first_name="Amara",
        last_name="Okafor",
        email="amara@example.org",
        phone="+447700900123",
        role_id="Registered Nurse",
        external_id="20411",
        organisation_id=client.list_groups()[0]["id"],
    )
    profile = org.profiles.get(public_id=created["id"])
    state.document_upload(
        profile=profile,
        type_key="PASSPORT",
        filename="passport.pdf",
        content=PDF,
        content_type="application/pdf",
        issued=date(2024, 2, 10),
        expiry=date(2034, 2, 9),
        number="533380006",
        status="APPROVED",
    )
    state.dbs_update(profile=profile, status="BLANK_NO_NEW_INFO", certificate_number="001122334455")
    state.right_to_work_update(profile=profile, status="OK", reason="Share code accepted")
    state.reference_save(profile=profile, status="OK", referee_name="Dr Alex Johnson", referee_email="alex@example.org")
    state.onboarding_set(profile=profile, steps_completed=2)
    return profile


VARIANTS = [None, *EMULATOR.variants]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_emulator_answer_to_the_client_matches_the_published_spec(emulated, sandbox_variant, variant):
    if variant:
        sandbox_variant("credentially", variant)
    org, client, transport = emulated
    profile = _person_with_everything(org, client)
    pid = profile.public_id
    client.update_staff(pid, {"employeeNumber": "E-7", "registrationNumber": "91A2345B"})
    client.find_staff_by_email("amara@example.org")
    client.get_profile(pid)
    list(client.iter_pages(client.PROFILES))
    client.get_requirements(pid)
    client.get_checks(pid)
    client.get_references(pid)
    client.list_profile_fields()
    client.list_compliance_packages()
    client.list_document_types()
    (document,) = client.list_documents(pid)
    client.download_document(pid, document["id"])
    client.upload_document(
        pid, uploader_id=pid, document_type_key="CV", filename="cv.pdf", content=PDF, content_type="application/pdf"
    )
    location, role = client.list_locations()[0], client.list_placement_roles()[0]
    client.create_placement(
        employee_id=pid, role_id=role["publicId"], location_id=location["publicId"], start_date="2026-04-06"
    )
    client.list_event_types()
    client.create_subscription(
        callback_url="https://hub.example.org/hooks/credentially/old/",
        webhook_name="crosswalk-contract",
        password="c0rrect-h0rse",
        event_types=[events.DBS_STATUS_CHANGED],
    )
    sub = client.create_subscription(
        callback_url="https://hub.example.org/hooks/credentially/",
        webhook_name="crosswalk-contract",
        password="c0rrect-h0rse",
        event_types=[events.COMPLIANCE_STATUS_CHANGED],
    )
    client.list_subscriptions()
    client.delete_subscription(sub["id"])

    assert len(transport.exchanges) >= 25
    for request, response in transport.exchanges:
        assert response.status_code < 400, (request.method, request.url, response.content[:300])
        check_request(request)
        check_response(request, response)


@pytest.mark.parametrize(
    "path",
    ["profile/all", "dbs/{pid}/{dbs}", "placements?employeePublicId={pid}", "placements/{placement}"],
)
def test_emulator_endpoints_the_client_does_not_call_match_the_spec(emulated, path):
    org, client, _ = emulated
    profile = _person_with_everything(org, client)
    location, role = client.list_locations()[0], client.list_placement_roles()[0]
    placement = client.create_placement(
        employee_id=profile.public_id,
        role_id=role["publicId"],
        location_id=location["publicId"],
        start_date="2026-04-06",
    )
    url = f"{client.base_url}/api/" + path.format(
        pid=profile.public_id, dbs=profile.dbs_checks.get().pk, placement=placement["publicId"]
    )
    response = client.session.get(url, headers={"Authorization": f"Bearer {org.api_key}"})
    assert response.status_code == 200, response.content[:300]
    check_response(response.request, response)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_callback_the_emulator_sends_carries_its_catalogued_fields_with_basic_auth(
    emulated, monkeypatch, sandbox_variant, variant
):
    from integrations.credentially.sandbox import callbacks

    if variant:
        sandbox_variant("credentially", variant)
    sent = []
    monkeypatch.setattr(callbacks, "send_webhook", lambda **kwargs: sent.append(kwargs))
    org, client, transport = emulated
    client.create_subscription(
        callback_url="https://hub.example.org/hooks/credentially/",
        webhook_name="crosswalk-contract",
        password="c0rrect-h0rse",
        event_types=[e["type"] for e in client.list_event_types()],
    )
    catalogue = {e["type"]: e for e in client.list_event_types()}
    profile = _person_with_everything(org, client)
    state.set_compliance(profile, "COMPLIANT")
    state.profile_edit(profile=profile, field="first_name", value="Amy")
    for request, response in transport.exchanges:
        check_response(request, response)

    assert {d["event_type"] for d in sent} == set(catalogue)
    basic = "Basic " + base64.b64encode(b"crosswalk-contract:c0rrect-h0rse").decode()
    for delivery in sent:
        assert delivery["headers"]["Authorization"] == basic
        body = delivery["body"]
        payload = body["payload"] if isinstance(body.get("payload"), dict) else body
        expected = {f["key"]: f["dataType"] for f in catalogue[delivery["event_type"]]["payloadFields"]}
        assert set(payload) - ENVELOPE == set(expected), body
        for key, kind in expected.items():
            assert _of_type(payload[key], kind), (delivery["event_type"], key, payload[key], kind)


def _of_type(value, kind: str) -> bool:
    checks = {
        "STRING": lambda v: isinstance(v, str),
        "UUID": lambda v: isinstance(v, str) and len(v) == 36,
        "NUMBER": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "BOOLEAN": lambda v: isinstance(v, bool),
        "ARRAY": lambda v: isinstance(v, list),
        "OBJECT": lambda v: isinstance(v, dict),
        "DATE_TIME": lambda v: isinstance(v, str) and "T" in v,
        "DATE": lambda v: isinstance(v, str) and len(v) == 10,
    }
    return value is None or checks[kind](value)
