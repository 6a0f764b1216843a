"""Credly contract: (a) every request the hub's CredlyClient sends is an operation Credly documents,
with documented query keys and a body of the documented shape; (b) every answer and webhook the
emulator produces has Credly's documented shape. Schemas: tests/contracts/credly/ (from the
contract's confirmed facts; Credly publishes no OpenAPI document)."""

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.client import NotFound, PermanentError
from integrations.credly.sandbox import EMULATOR
from integrations.credly.sandbox.models import Event
from integrations.sandbox.models import SandboxDelivery
from tests.contracts.credly_contract import check_answer, check_request, operation_of, validate
from tests.credly.conftest import DjangoTransport
from tests.credly.samples import FIXTURES, sample

pytestmark = pytest.mark.django_db


class Recording(DjangoTransport):
    """Carries the client's requests to the emulator and keeps each (request, answer) pair."""

    def __init__(self, django_client):
        super().__init__(django_client)
        self.exchanges = []

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        self.exchanges.append((request, response))
        return response


@pytest.fixture
def recorded(client, make_connection):
    """The hub's real CredlyClient, on a connection to the seeded emulator, every call recorded."""
    EMULATOR.seed()
    conn, _, _ = make_connection(
        system="credly",
        slug="credly-contract",
        base_url=EMULATOR.base_url(),
        credentials=EMULATOR.credentials(),
        settings=EMULATOR.settings(),
    )
    credly, transport = conn.client(), Recording(client)
    credly.session.mount("http://", transport)
    credly._sleep = lambda seconds: None
    EMULATOR.register_hub(url="https://hub.example/hooks/credly-sandbox/?token=s3cret")
    return credly, transport.exchanges


def drive(credly) -> None:
    """Every call the hub makes of Credly (flows, template sync, connection check), once."""
    list(credly.list_organizations())
    credly.get_organization()
    list(credly.list_authorization_tokens())
    templates = {t["name"]: t["id"] for t in credly.list_badge_templates()}
    list(credly.list_badge_templates(state="active"))
    credly.get_badge_template(templates["Data Privacy Essentials"])
    issued = credly.issue_badge(
        template_id=templates["Data Privacy Essentials"],
        recipient_email="contract@example.com",
        first_name="Con",
        last_name="Tract",
        issued_at=date(2024, 5, 1),
        expires_at=False,
        issuer_earner_id="crosswalk-docebo-1",
        evidence=[
            {"type": "UrlEvidence", "name": "Course", "value": "https://lms.example/course/1"},
            {"type": "IdEvidence", "title": "Issued by Crosswalk", "description": "course 1"},
        ],
    )
    with pytest.raises(PermanentError):  # a duplicate: Credly's 422 in Credly's error shape
        credly.issue_badge(
            template_id=templates["Data Privacy Essentials"],
            recipient_email="contract@example.com",
            first_name="Con",
            last_name="Tract",
            issued_at=date(2024, 5, 1),
        )
    list(credly.list_badges(template_id=templates["Data Privacy Essentials"], state=("pending", "accepted")))
    list(credly.list_badges(recipient_email="contract@example.com", issued_since=date(2024, 1, 1)))
    credly.find_badge(issued["id"], recipient_email="contract@example.com")
    list(credly.high_volume_badges())
    list(credly.high_volume_badges(badge_format="default", state="pending"))
    new = credly.replace_badge(issued["id"], template_id=templates["Customer Care Specialist"], issued_at=date.today())
    credly.revoke_badge(new["id"], reason="contract test")
    events = list(credly.list_events())
    for event in events:
        credly.get_event(event["id"])
    with pytest.raises(NotFound):
        credly.get_event("5f0c9e2e-6f3b-4c38-9a51-2e7a0d8f4b11")
    credly.delete_badge(new["id"])


def test_every_request_the_client_sends_is_documented_and_every_answer_has_credlys_shape(recorded):
    credly, exchanges = recorded
    drive(credly)
    seen = set()
    for request, response in exchanges:
        op = check_request(request.method, request.url, request.headers, request.body)
        assert op.documented, f"{request.method} {request.url}: not in Credly's documentation"
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        check_answer(op, response.status_code, response.content, query)
        seen.add((op.method, op.path))
    assert len(seen) == 13  # every documented operation the hub uses (all but PUT /organizations/{org})


def test_the_single_badge_read_is_only_the_connection_checks_and_is_flagged_undocumented(recorded):
    credly, exchanges = recorded
    badge = next(credly.list_badges())
    credly.get_badge(badge["id"])
    request, response = exchanges[-1]
    op = check_request(request.method, request.url, request.headers, request.body)
    assert not op.documented
    check_answer(op, response.status_code, response.content)


def test_every_webhook_the_emulator_posts_is_credlys_thin_envelope(recorded):
    drive(recorded[0])
    deliveries = list(SandboxDelivery.objects.filter(system="credly"))
    assert deliveries
    for delivery in deliveries:
        validate("webhook", json.loads(delivery.body))


def test_the_drive_reads_created_changed_and_deleted_events_back(recorded):
    drive(recorded[0])
    assert {e.event_type for e in Event.objects.all()} >= {"badge.created", "badge.state.changed", "badge.deleted"}


@pytest.mark.parametrize("path", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_sample_envelopes_are_credlys(path):
    validate("webhook", sample(path.removesuffix(".json")))


@pytest.mark.parametrize("path", sorted(p.name for p in (FIXTURES / "event_detail").glob("*.json")))
def test_sample_event_details_are_credlys(path):
    validate("single", sample(f"event_detail/{path.removesuffix('.json')}"))
    validate("event", sample(f"event_detail/{path.removesuffix('.json')}")["data"])


# --- the checks bite: an emulator that drifts from Credly fails ------------------------------------
@pytest.mark.parametrize(
    ("schema", "drifted"),
    [
        ("error", {"error": "Not found"}),  # Django's or another vendor's error shape
        ("webhook", {**sample("badge.created"), "badge": {"id": "x"}}),  # resource data in the envelope
        ("paging", {"count": 1, "current_page": 1, "total_pages": 1, "per": 50, "next_page_url": None}),
        ("badge_minimal", {**sample("api/high_volume_badges_page1")["data"][0], "evidence": []}),
    ],
    ids=["error-shape", "fat-webhook", "paging-without-total", "minimal-with-extra"],
)
def test_a_drifted_answer_fails_the_contract(schema, drifted):
    with pytest.raises(AssertionError, match=f"not Credly's {schema}"):
        validate(schema, drifted)


@pytest.mark.parametrize(
    ("method", "url", "body", "says"),
    [
        ("GET", "/v1/organizations/o/badges?filter=issued_at_min::2024-01-01", None, "filter key"),
        ("GET", "/v1/organizations/o/badges?filters=state::pending", None, "query parameters"),
        ("PUT", "/v1/organizations/o/badges/b/replace", "{}", "no operation"),
        ("POST", "/v1/organizations/o/badges", json.dumps({"recipient_email": "a@b.c"}), "issue_request"),
    ],
)
def test_an_undocumented_request_fails_the_contract(method, url, body, says):
    headers = {"Authorization": "Basic dG9rOg==", "Content-Type": "application/json"}
    with pytest.raises(AssertionError, match=says):
        check_request(method, "http://testserver/sandbox/credly" + url, headers, body)


def test_the_operations_table_knows_the_undocumented_single_badge_read():
    assert not operation_of("GET", "https://api.credly.com/v1/organizations/o/badges/b").documented
    assert operation_of("DELETE", "https://api.credly.com/v1/organizations/o/badges/b/").documented
