"""Connections to each system at test hosts, vendor listings mocked at the transport, a Mapping editor."""

import pytest
import responses

DOCEBO = "https://docebo.test"
ICIMS = "https://icims.test"
CID = "7712"
CRED = "https://cred.test/gateway"
CERTN = "https://certn.test"
PLANS = {
    "data": {
        "items": [
            {"id": 12, "code": "LP-CLOUD", "name": "Cloud Foundations Path"},
            {"id": 14, "code": "LP-SEC", "name": "Security Practitioner Path"},
        ],
        "current_page": 1,
        "has_more_data": False,
        "total_page_count": 1,
    }
}
CERTS = {
    "data": {
        "items": [
            {"id_cert": 3, "code": "CERT-CLOUD", "title": "Certified Cloud Associate"},
            {"id_cert": 4, "code": "CERT-SEC", "title": "Certified Security Practitioner"},
        ],
        "current_page": 1,
        "has_more_data": False,
        "total_page_count": 1,
    }
}
SCHEMA = {
    "type": "object",
    "properties": {
        "birthdate": {"title": "Date of Birth", "type": "string"},
        "field50011": {"title": "Registration number", "type": "string"},
        "credentiallycompliancestatus": {"title": "Compliance", "type": "string"},
    },
}
STATUSES_URL = f"{ICIMS}/customers/{CID}/v2/lists/lists.applicantworkflow.status"


@pytest.fixture
def systems(make_connection):
    docebo, _, _ = make_connection(
        system="docebo",
        name="Docebo test",
        slug="docebo-test",
        base_url=DOCEBO,
        credentials={"client_id": "c", "client_secret": "s"},
    )
    icims, _, _ = make_connection(
        system="icims",
        name="iCIMS test",
        slug="icims-test",
        base_url=ICIMS,
        credentials={"username": "u", "password": "p"},
        settings={"customer_id": CID},
    )
    cred, _, _ = make_connection(
        system="credentially", name="Credentially test", slug="cred-test", base_url=CRED, credentials={"api_key": "k"}
    )
    certn, _, _ = make_connection(
        system="certn", name="Certn CA", slug="certn-ca", region="CA", base_url=CERTN, credentials={"api_key": "k"}
    )
    return {"docebo": docebo, "icims": icims, "credentially": cred, "certn": certn}


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(f"{DOCEBO}/oauth2/token", json={"access_token": "t", "expires_in": 3600, "token_type": "Bearer"})
        yield mock


@pytest.fixture
def editor(db):
    """A member of Mapping editors (made staff by joining the role)."""
    from django.contrib.auth.models import User

    from sync.permissions import MAPPING_EDITORS
    from sync.services.roles import role_member_add, roles_grant

    roles_grant()
    user = User.objects.create_user("editor", "editor@example.com", "a-long-password-1")
    role_member_add(user=user, role=MAPPING_EDITORS)
    return user
