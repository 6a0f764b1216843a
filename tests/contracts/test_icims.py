"""iCIMS's contract (tests/contracts/icims/README.md): iCIMS's own search schemas and the facts the
contract confirms, checked against (a) what the client sends and (b) what the emulator answers and
posts, and what the hub answers iCIMS. A drift on either side fails here."""

import base64
import gzip
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from jsonschema import Draft202012Validator, FormatChecker

from demo import icims as demo
from integrations.icims import signing
from integrations.icims.client import IcimsClient
from integrations.icims.sandbox.models import Workflow
from integrations.icims.sandbox.seed import (
    API_CLIENT_ID,
    API_CLIENT_SECRET,
    API_PASSWORD,
    API_USERNAME,
    CUSTOMER_ID,
    STATUS_BACKGROUND_CHECK,
    STATUS_INTERVIEW,
)
from integrations.models import Connection

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "icims"
BASE = "https://api.icims.com"
API = f"/sandbox/icims/customers/{CUSTOMER_ID}"
BASIC = "Basic " + base64.b64encode(f"{API_USERNAME}:{API_PASSWORD}".encode()).decode()


def problems(schema: str, instance) -> list[str]:
    validator = Draft202012Validator(
        json.loads((SCHEMAS / f"{schema}.json").read_text()), format_checker=FormatChecker()
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def client(**credentials) -> IcimsClient:
    conn = Connection(
        pk=7,
        system="icims",
        credentials=credentials or {"username": "u", "password": "p"},
        settings={"customer_id": CUSTOMER_ID},
    )
    made = IcimsClient(conn)
    made._sleep = lambda seconds: None
    return made


# --- (a) what the client sends -------------------------------------------------------------------
@responses.activate
def test_the_searches_the_client_sends_are_valid_for_icims_filters_schema():
    responses.post(f"{BASE}/customers/{CUSTOMER_ID}/search/applicantworkflows", json={"searchResults": []})
    list(client().search_workflows(status="C2050", updated_since=datetime.now(UTC) - timedelta(days=3)))
    sent = responses.calls[0].request
    assert problems("search_filters", json.loads(sent.body)) == []
    staleness = parse_qs(urlsplit(sent.url).query)["staleness"]
    assert staleness[0].isdigit() and int(staleness[0]) > 0  # a positive number of minutes (§2.5)


def test_a_bad_operator_or_no_filters_break_icims_filters_schema():
    assert problems("search_filters", {"filters": [{"name": "applicantworkflow.id", "operator": "=>"}]})
    assert problems("search_filters", {"operator": "&"})  # filters are required


@responses.activate
def test_writes_send_icims_shapes_on_lower_case_paths():
    made = client()
    responses.patch(re.compile(rf"{BASE}/customers/{CUSTOMER_ID}/applicantworkflows/\d+"), status=204)
    responses.post(
        f"{BASE}/customers/{CUSTOMER_ID}/applicantworkflows",
        status=201,
        headers={"Location": f"{BASE}/customers/{CUSTOMER_ID}/applicantworkflows/9"},
    )
    made.move_workflow(88431, "C2050")
    assert made.create_workflow(job_id=3308, person_id=20411, status_id="D10100") == 9
    move, create = (json.loads(c.request.body) for c in responses.calls)
    assert move == {"status": {"id": "C2050"}}  # §7.6
    assert (type(create["baseprofile"]), type(create["associatedprofile"]), create["status"]) == (
        int,
        int,
        {"id": "D10100"},
    )
    paths = [urlsplit(c.request.url).path for c in responses.calls]
    assert all(p == p.lower() for p in paths)  # §1.2: every URL is lower-case


@responses.activate
def test_oauth_sign_in_is_a_client_credentials_grant_then_a_bearer():
    responses.post("https://login.icims.com/oauth/token", json={"access_token": "t", "expires_in": 3600})
    responses.get(f"{BASE}/customers/{CUSTOMER_ID}", json={"id": 7712})
    client(client_id="cid", client_secret="cs").get_customer()
    form = parse_qs(responses.calls[0].request.body)
    assert form == {"grant_type": ["client_credentials"], "client_id": ["cid"], "client_secret": ["cs"]}
    assert responses.calls[1].request.headers["Authorization"] == "Bearer t"


# --- (b) what the emulator answers and posts -----------------------------------------------------
@pytest.fixture
def tenant(db):
    return demo.seed()


def get(django_client, path: str, auth: str = BASIC):
    return django_client.get(f"{API}/{path}".rstrip("/"), headers={"Authorization": auth})


def test_customer_and_workflow_answers_are_icims_shaped(client, tenant):
    customer = get(client, "")
    assert problems("customer", customer.json()) == [] and customer["X-Customer-Type"] in ("test", "production")
    workflow = Workflow.objects.first()
    assert problems("workflow", get(client, f"applicantworkflows/{workflow.pk}").json()) == []


def test_search_answers_validate_against_icims_results_schema(client, tenant):
    body = {"filters": [{"name": "applicantworkflow.id", "value": ["0"], "operator": ">"}], "operator": "&"}
    assert problems("search_filters", body) == []
    answer = client.post(
        f"{API}/search/applicantworkflows?staleness=1",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": BASIC},
    ).json()
    ids = [hit["id"] for hit in answer["searchResults"]]
    assert problems("search_results", answer) == [] and ids == sorted(ids)


def test_profile_schemas_are_json_schemas_of_the_profile(client, tenant):
    for schema_type in ("person", "job", "submittal"):
        assert problems("profile_schema", get(client, f"profiledefinitions/v1/{schema_type}/schema").json()) == []


@pytest.mark.parametrize(
    ("path", "auth", "status", "code"),
    [("people/999999", BASIC, 404, 2), ("", "Basic bm9wZTpub3Bl", 401, 6)],
)
def test_errors_carry_the_icims_body_and_x_error_header(client, tenant, path, auth, status, code):
    answer = get(client, path, auth)
    assert answer.status_code == status and problems("api_error", answer.json()) == []
    [error] = answer.json()["errors"]
    assert error["errorCode"] == code and answer["X-Error"] == f"{code}:{error['errorMessage']}"


def test_the_token_endpoint_answers_the_oauth_shape(client, tenant):
    form = {"grant_type": "client_credentials", "client_id": API_CLIENT_ID, "client_secret": API_CLIENT_SECRET}
    assert problems("token_response", client.post("/sandbox/icims/oauth/token", data=form).json()) == []


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda name, delivery_id, raw, headers, retry=True: sent.append((raw, headers))
    )
    return sent


@pytest.mark.parametrize("variant", [None, "hmac"])
def test_notifications_are_icims_events_signed_in_as_icims_signs_them(
    client, tenant, queued, sandbox_variant, django_capture_on_commit_callbacks, variant
):
    if variant:
        sandbox_variant("icims", variant)
    workflow = Workflow.objects.filter(status__node_id=STATUS_INTERVIEW).first()
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(
            f"{API}/applicantworkflows/{workflow.pk}",
            data=json.dumps({"status": {"id": STATUS_BACKGROUND_CHECK}}),
            content_type="application/json",
            headers={"Authorization": BASIC},
        )
    [(raw, headers)] = queued
    assert headers["Content-Encoding"] == "gzip"  # §3.1: gzip'd JSON over POST
    body = gzip.decompress(raw)
    assert problems("status_change_event", json.loads(body)) == []
    if variant == "hmac":
        parsed = signing.parse_authorization(headers["Authorization"])
        assert parsed is not None and re.fullmatch("[0-9a-f]{64}", parsed.signature)
        assert set(signing.NOTIFICATION_HEADERS) <= set(parsed.signed_headers)
        assert headers[signing.CONTENT_HEADER] == hashlib.sha256(body).hexdigest()
    else:
        assert headers["Authorization"].startswith("Basic ")


# --- what the hub answers iCIMS -------------------------------------------------------------------
def test_the_hub_answers_200_and_refuses_in_the_vendor_error_standard(client, tenant, queued):
    event = {
        "eventType": "WorkFlowStatusChangeEvent",
        "customerId": CUSTOMER_ID,
        "systemId": "1",
        "personId": "2",
        "jobId": "3",
        "userId": "4",
        "newStatus": "C2050",
        "oldStatus": "C2035",
    }
    assert problems("status_change_event", event) == []
    raw = json.dumps(event).encode()
    key = tenant.credential("webhook_hmac_key")
    signed = signing.sign_request(
        key=key, user="icims", method="POST", url_path=f"/hooks/{tenant.slug}/", query="", host="testserver", body=raw
    )
    headers = {k: v for k, v in signed.items() if k != "Content-Type"}
    accepted = client.post(f"/hooks/{tenant.slug}/", data=raw, content_type="application/json", headers=headers)
    assert accepted.status_code == 200  # iCIMS: 200 OK (or 303), not 202
    refused = client.post(f"/hooks/{tenant.slug}/", data=b"", content_type="application/json", headers=headers)
    assert refused.status_code in (400, 401) and problems("vendor_error", refused.json()) == []
