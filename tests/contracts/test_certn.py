"""Certn's contract, from the facts confirmed in Certn's reference (tests/contracts/certn/README.md):
(a) what the client sends, (b) what the emulator answers and posts. A drift on either side fails here."""

import base64
import json
from pathlib import Path

import pytest
import responses
from jsonschema import Draft202012Validator, FormatChecker

from integrations.certn.sandbox import EMULATOR, state
from integrations.certn.sandbox.models import Case
from integrations.certn.sandbox.tasks import finish_report
from tests.certn.helpers import BASE, call, client, order, record_webhooks, seeded_account

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "certn"
PACKAGE = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"
GROUP = "2a1ac795-d744-4604-942b-620b91ce44b9"


@pytest.fixture
def sent(monkeypatch):
    return record_webhooks(monkeypatch)


@pytest.fixture
def ca():
    return seeded_account("ca")


def problems(schema: str, instance) -> list[str]:
    validator = Draft202012Validator(
        json.loads((SCHEMAS / f"{schema}.json").read_text()), format_checker=FormatChecker()
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# --- (a) what the client sends -------------------------------------------------------------------
@responses.activate
def test_the_invite_order_the_flow_sends_is_valid():
    responses.post(f"{BASE}/api/public/cases/order-package/", json={"id": "x"}, status=201)
    client().order_package(package_id=PACKAGE, email="amara.okafor@example.org", group_id=GROUP)
    sent = responses.calls[0].request
    assert sent.headers["Authorization"] == "Api-Key ck_test_key"
    assert problems("order_request", json.loads(sent.body)) == []


@responses.activate
def test_a_quickscreen_order_the_client_sends_is_valid():
    responses.post(f"{BASE}/api/public/cases/order-package/", json={"id": "x"}, status=201)
    claims = {"name": {"given_name": "Amara", "family_name": "Okafor"}}
    client().order_package(package_id=PACKAGE, email="a@example.org", send_invite_email=False, input_claims=claims)
    assert problems("order_request", json.loads(responses.calls[0].request.body)) == []


def test_the_old_invite_body_with_the_applicants_name_breaks_the_contract():
    old = {
        "package": PACKAGE,
        "email_address": "amara.okafor@example.org",
        "send_invite_email": True,
        "input_claims": {"name": {"given_name": "Amara", "family_name": "Okafor"}},
    }
    assert problems("order_request", old)


@responses.activate
def test_report_calls_send_what_certn_documents():
    case_id = "0f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa10"
    responses.post(f"{BASE}/api/public/cases/{case_id}/generate-report/", json={"case_report_file_id": "f"}, status=201)
    responses.post(f"{BASE}/api/public/cases/{case_id}/cancel/", json={})
    client().generate_report(case_id)
    client().cancel_case(case_id)
    assert json.loads(responses.calls[0].request.body) == {"language": "en-CA"}
    assert json.loads(responses.calls[1].request.body) == {}
    assert all(c.request.url.endswith("/") for c in responses.calls)  # Certn's trailing slash


# --- (b) what the emulator answers and posts -----------------------------------------------------
def test_emulator_cases_pages_and_groups_follow_the_contract(client, ca, sent):
    created = order(client, ca)
    assert created.status_code == 201 and problems("case", created.json()) == []
    detail = call(client, ca, "GET", f"cases/{created.json()['id']}/").json()
    assert problems("case", detail) == []
    listing = call(client, ca, "GET", "cases/").json()
    assert problems("page", listing) == [] and all(problems("case", c) == [] for c in listing["results"])
    groups = call(client, ca, "GET", "groups/").json()
    assert problems("page", groups) == [] and all(problems("group", g) == [] for g in groups["results"])


def test_emulator_errors_follow_the_contract(client, ca, sent):
    refusals = [
        order(client, ca, email_address=""),
        order(client, ca, input_claims={"name": {"given_name": "A"}}),
        call(client, ca, "GET", "cases/", key="nope"),
        call(client, ca, "GET", "cases/0f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa10/"),
    ]
    assert [r.status_code for r in refusals] == [400, 400, 401, 404]
    assert [r.json()["type"] for r in refusals] == [
        "validation_error",
        "validation_error",
        "client_error",
        "client_error",
    ]
    assert all(problems("error", r.json()) == [] for r in refusals)


def test_emulator_report_files_follow_the_contract(client, ca, sent):
    case_id = order(client, ca).json()["id"]
    state.case_set_status(Case.objects.get(pk=case_id), "COMPLETE", score="CLEAR")
    made = call(client, ca, "POST", f"cases/{case_id}/generate-report/", {"language": "en-CA"})
    assert made.status_code == 201 and set(made.json()) == {"case_report_file_id"}
    file_id = made.json()["case_report_file_id"]
    assert problems("report_file", call(client, ca, "GET", f"cases/report-files/{file_id}/").json()) == []
    finish_report(file_id)
    assert problems("report_file", call(client, ca, "GET", f"cases/report-files/{file_id}/").json()) == []


@pytest.mark.parametrize("variant", [None, *EMULATOR.variants])
def test_emulator_webhooks_follow_the_contract_in_every_variant(client, ca, sent, sandbox_variant, variant):
    if variant:
        sandbox_variant("certn", variant)
    case = Case.objects.get(pk=order(client, ca).json()["id"])
    state.case_advance(case)
    assert {w["body"]["event_type"] for w in sent} >= {"CASE_STATUS_CHANGED", "CHECK_STATUS_CHANGED"}
    for hook in sent:
        assert problems("webhook", hook["body"]) == []
        signature = hook["headers"].get("X-Signature")
        if variant == "unsigned":
            assert signature is None
        elif variant == "signs_base64":
            assert len(base64.b64decode(signature, validate=True)) == 32
        else:
            assert len(bytes.fromhex(signature)) == 32
