"""The REST API's write path: every writable profile value accepted, anything else a 400 naming it."""

import pytest
import responses

pytestmark = pytest.mark.django_db
CRED = "https://cred.test/gateway"
SCHEMAS = [
    {"name": "uniformSize", "jsonSchema": {"type": "string"}},
    {"name": "mobile", "jsonSchema": {"type": "string"}},
    {"name": "shifts", "jsonSchema": {"type": "integer"}},
    {"name": "startDate", "jsonSchema": {"type": "string", "format": "date"}},
]


@pytest.fixture
def person(make_connection):
    from mappings.compliance.models import StaffRecord

    icims, _, _ = make_connection(system="icims", slug="icims-api", settings={"customer_id": "1"})
    cred, _, _ = make_connection(
        system="credentially", slug="cred-api", base_url=CRED, credentials={"api_key": "k"}, settings={}
    )
    return StaffRecord.objects.create(
        credentially_connection=cred, profile_id="p-1", ats_connection=icims, ats_person_id="1", email="a@example.org"
    )


@pytest.fixture
def writer(django_user_model):
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user("writer", password="x" * 12)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_staffrecord", "change_staffrecord"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def patch(client, person, body, **headers):
    return client.patch(f"/api/people/{person.pk}/", body, format="json", **headers)


@responses.activate
def test_fields_credentially_cannot_take_are_refused_each_by_name_and_nothing_is_queued(person, writer):
    from sync.models import InboundEvent

    responses.get(f"{CRED}/api/profile/metadata", json={"profileFields": SCHEMAS, "roles": []})
    answer = patch(
        writer,
        person,
        {
            "first_name": "Amy",
            "shoe_size": 7,
            "phone": "+44 7700 900123",
            "custom_fields": {"uniformSize": "L", "hatSize": "M", "shifts": "three", "startDate": "next week"},
        },
    )
    assert answer.status_code == 400
    errors = answer.json()
    assert "sets the first name only when it creates a staff member" in errors["first_name"][0]
    assert errors["shoe_size"] == ["Unknown field. Send only: registration_number, phone, custom_fields."]
    assert "set `phone_field` in the connection's settings" in errors["phone"][0]
    assert errors["custom_fields"]["hatSize"] == [
        "Credentially has no custom field 'hatSize' (it has: mobile, shifts, startDate, uniformSize)."
    ]
    assert errors["custom_fields"]["shifts"] == [
        "Credentially's field 'shifts' expects a value of type integer, not str."
    ]
    assert errors["custom_fields"]["startDate"] == ["Credentially's field 'startDate' expects a date as YYYY-MM-DD."]
    assert "uniformSize" not in errors["custom_fields"]
    assert not InboundEvent.objects.exists()


@responses.activate
def test_every_writable_value_is_accepted_and_the_write_can_be_followed(person, writer):
    from mappings.compliance.models import StaffRecord

    responses.get(f"{CRED}/api/profile/metadata", json={"profileFields": SCHEMAS, "roles": []})
    person.credentially_connection.settings = {"phone_field": "mobile"}
    person.credentially_connection.save()
    body = {
        "registration_number": "91A2345B",
        "phone": "+44 7700 900123",
        "custom_fields": {"uniformSize": "L", "shifts": 3, "startDate": "2027-01-04"},
    }
    answer = patch(writer, person, body, HTTP_IDEMPOTENCY_KEY="req-1")
    again = patch(writer, person, body, HTTP_IDEMPOTENCY_KEY="req-1")  # a client's retry after a timeout

    assert answer.status_code == again.status_code == 202
    assert answer.json()["id"] == again.json()["id"] and answer.json()["status"] == "received"
    assert StaffRecord.objects.get().pending_update == {
        "registrationNumber": "91A2345B",
        "mobile": "+44 7700 900123",
        "uniformSize": "L",
        "shifts": 3,
        "startDate": "2027-01-04",
    }
    [listed] = writer.get(f"/api/people/{person.pk}/writes/").json()
    assert listed["id"] == answer.json()["id"] and listed["values"]["mobile"] == "+44 7700 900123"
    assert len(responses.calls) == 1  # Credentially's field list is read once, then kept


@responses.activate
def test_credentially_unreachable_for_its_field_list_is_a_503_and_nothing_is_queued(person, writer):
    from sync.models import InboundEvent

    responses.get(f"{CRED}/api/profile/metadata", status=503, json={"message": "down"})
    answer = patch(writer, person, {"registration_number": "X"})
    assert answer.status_code == 503 and answer["Retry-After"] == "60"
    assert "could not read Credentially's list of custom fields" in answer.json()["detail"]
    assert not InboundEvent.objects.exists()
