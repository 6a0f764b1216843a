"""Connections, a stage trigger and HTTP mocks (at the contract paths) for the compliance connector."""

import json
from pathlib import Path

import pytest
import responses
from responses import matchers

FIXTURES = Path(__file__).parent / "fixtures"
CRED = "https://cred.test/gateway"
ICIMS = "https://icims.test"
CID = "7712"
PROFILE_ID = "a7b80d86-92ad-452b-8b30-580146e5e1fb"
PERSON_ID = "20411"
ONBOARDING = "C2060"


def load(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.fixture
def connections(make_connection):
    icims, _, _ = make_connection(
        system="icims",
        slug="icims-test",
        base_url=ICIMS,
        credentials={"username": "u", "password": "p"},
        # These tests pin the POST-per-group shape (kept by this setting); the batched default,
        # new groups in the person PATCH, is pinned in test_documents_batch.py and the e2e stories.
        settings={"customer_id": CID, "documents_batch_groups": False},
    )
    cred, _, _ = make_connection(
        system="credentially", slug="cred-test", base_url=CRED, credentials={"api_key": "secret-key"}
    )
    return icims, cred


@pytest.fixture
def trigger(connections):
    from mappings.compliance.models import StageTrigger

    icims, cred = connections
    return StageTrigger.objects.create(
        ats_connection=icims,
        status=ONBOARDING,
        status_label="Onboarding",
        credentially_connection=cred,
        role_name="Registered Nurse",
    )


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def mock_credentially_reads(http, *, profile=None, documents=None, file_bytes=b"%PDF-1.4 passport", file_id=733412):
    http.get(f"{CRED}/api/profile/{PROFILE_ID}", json=profile or load("credentially_profile"))
    http.get(f"{CRED}/api/compliance-packages/{PROFILE_ID}", json=load("credentially_packages"))
    http.get(
        f"{CRED}/api/documents/{PROFILE_ID}", json=load("credentially_documents") if documents is None else documents
    )
    http.get(f"{CRED}/api/dbs/{PROFILE_ID}", json=load("credentially_dbs"))
    http.get(f"{CRED}/api/profile/{PROFILE_ID}/right-to-work", json=load("credentially_right_to_work"))
    http.get(f"{CRED}/api/profile/{PROFILE_ID}/references", json=load("credentially_references"))
    if file_id is not None:
        mock_download(http, file_id, file_bytes)


def mock_download(http, file_id, content: bytes, name: str = "passport.pdf"):
    http.get(
        f"{CRED}/api/documents/download",
        body=content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
        match=[matchers.query_param_matcher({"fileId": str(file_id)})],
    )


PERSON = f"{ICIMS}/customers/{CID}/people/{PERSON_ID}"
ATTACHMENTS = f"{PERSON}/fields/field60110"  # the default documents collection


def mock_icims_writes(http, groups=(1001,)):
    """The person PATCH, and one attachments group per document version sent (ids in `groups`)."""
    http.patch(PERSON, status=204)
    http.patch(f"{PERSON}/fields/field60101/binary", status=204)
    for group in groups:
        http.post(ATTACHMENTS, status=201, headers={"Location": f"{ATTACHMENTS}/{group}"})
        http.patch(f"{ATTACHMENTS}/{group}/fields/documentfile/binary", status=204)


def writes(http, method: str, path: str) -> list:
    return [c for c in http.calls if c.request.method == method and c.request.url.split("?")[0].endswith(path)]


@pytest.fixture
def staff(connections):
    from mappings.compliance.services import staff_record_save

    icims, cred = connections
    return staff_record_save(
        credentially_connection=cred,
        profile_id=PROFILE_ID,
        ats_connection=icims,
        person_id=PERSON_ID,
        workflow_id="88431",
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.org",
        role_name="Registered Nurse",
    )


def run_sync_back(cred, profile_ids=None):
    """Run the sync-back batch for one connection through the real run machinery; returns the run."""
    from sync.flows.compliance.sync_back import FLOW_KEY
    from sync.models import Run, Trigger
    from sync.services.runs import flow_row, run_execute

    params = {"connection": cred.pk}
    if profile_ids:
        params["profile_ids"] = profile_ids
    run = Run.objects.create(flow=flow_row(FLOW_KEY), trigger=Trigger.MANUAL, params=params)
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run
