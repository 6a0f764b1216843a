"""The Docebo emulator's API through Django's test client: OAuth, bearer auth, envelope, paging,
and the real DoceboClient round-tripping every call it makes."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from integrations.docebo.client import DoceboClient
from integrations.docebo.sandbox import EMULATOR, seed
from integrations.docebo.sandbox.models import AccessToken, Course, CourseField, ExternalTraining, User
from tests.docebo.adapter import in_process_session

PREFIX = "/sandbox/docebo"


@pytest.fixture
def seeded(db):
    EMULATOR.seed()
    return EMULATOR.credentials()


@pytest.fixture
def token(client, seeded) -> str:
    response = client.post(f"{PREFIX}/oauth2/token", {**seeded, "grant_type": "client_credentials", "scope": "api"})
    return response.json()["access_token"]


@pytest.fixture
def docebo(make_connection, seeded) -> DoceboClient:
    conn, _, _ = make_connection(system="docebo", base_url=EMULATOR.base_url(), credentials=seeded)
    return DoceboClient(conn, session=in_process_session())


def _get(client, path: str, token: str, **params):
    return client.get(f"{PREFIX}{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("encoding", ["form", "multipart", "json"])
def test_token_endpoint_accepts_each_body_encoding(client, seeded, encoding):
    form = {**seeded, "grant_type": "client_credentials", "scope": "api"}
    url = f"{PREFIX}/oauth2/token"
    if encoding == "form":
        from urllib.parse import urlencode

        response = client.post(url, urlencode(form), content_type="application/x-www-form-urlencoded")
    elif encoding == "multipart":
        response = client.post(url, form)
    else:
        response = client.post(url, json.dumps(form), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer" and response.json()["expires_in"] == 3600


def test_wrong_client_secret_gets_no_token(client, seeded):
    response = client.post(
        f"{PREFIX}/oauth2/token", {**seeded, "client_secret": "guess", "grant_type": "client_credentials"}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_api_refuses_missing_and_expired_tokens(client, token):
    assert client.get(f"{PREFIX}/manage/v1/user").status_code == 401
    assert _get(client, "/manage/v1/user", token).status_code == 200
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(client, "/manage/v1/user", token)
    assert response.status_code == 401
    assert response.json()["name"] == "Unauthorized"


def test_lists_use_docebos_envelope_and_page_numbers(client, token):
    first = _get(client, "/manage/v1/user", token, page=1, page_size=2).json()["data"]
    last = _get(client, "/manage/v1/user", token, page=3, page_size=2).json()["data"]
    assert (first["count"], first["has_more_data"], first["total_count"], first["total_page_count"]) == (2, True, 5, 3)
    assert (last["count"], last["has_more_data"], last["current_page"]) == (1, False, 3)
    assert first["items"][0]["user_id"] == str(User.objects.order_by("pk").first().pk)  # a string, as on real tenants


def test_page_size_is_capped_at_200(client, token):
    assert _get(client, "/learn/v1/courses", token, page_size=1000).json()["data"]["current_page_size"] == 200


def test_missing_object_answers_docebos_error_body(client, token):
    response = _get(client, "/manage/v1/user/999999", token)
    assert response.status_code == 404
    assert set(response.json()) == {"name", "message", "code", "status"}


def test_client_finds_users_courses_and_plans(docebo):
    jane = docebo.find_user_by_email("JANE.DOE@example.com")
    assert jane["email"] == "jane.doe@example.com"
    assert docebo.get_user(int(jane["user_id"]))["username"] == "jane.doe@example.com"
    assert docebo.find_user_by_email("jane@example.com") is None
    assert len(list(docebo.iter_courses())) == len(seed.COURSES)
    plans = {p["code"]: p for p in docebo.iter_learning_plans()}
    cloud_ids = {c["id_course"] for c in plans["LP-CLOUD"]["courses"]}
    assert cloud_ids == set(Course.objects.filter(code__in=["CLD-101", "CLD-150"]).values_list("pk", flat=True))


def test_client_manages_the_badge_dropdown_and_reads_a_course_value(docebo):
    field = docebo.create_course_dropdown_field(name="Badge", options=["Cloud Practitioner"])
    element = docebo.add_course_field_option(field["id"], "Security Specialist")
    course_id = Course.objects.get(code="NET-210").pk
    docebo.set_course_field_value(course_id, field["id"], int(element))
    assert docebo.course_field_value(docebo.get_course(course_id), field["id"]) == element
    docebo.remove_course_field_option(field["id"], element)
    labels = [o["label"] for o in docebo.get_course_field(field["id"])["options"]]
    assert labels == ["Cloud Practitioner"]
    assert docebo.course_field_value(docebo.get_course(course_id), field["id"]) is None  # reset to default


def test_course_list_filtered_by_a_dropdown_option_holds_only_the_courses_with_it(docebo):
    field = docebo.create_course_dropdown_field(name="Badge", options=["Cloud Practitioner", "Security Specialist"])
    cloud, security = (str(o["id"]) for o in field["options"])
    chosen = {code: Course.objects.get(code=code).pk for code in ("CLD-101", "CLD-150", "NET-210")}
    for code in ("CLD-101", "CLD-150"):
        docebo.set_course_field_value(chosen[code], field["id"], int(cloud))
    docebo.set_course_field_value(chosen["NET-210"], field["id"], int(security))
    with_cloud = {c["id_course"] for c in docebo.iter_courses_with_option(field["id"], cloud)}
    assert with_cloud == {chosen["CLD-101"], chosen["CLD-150"]}
    assert [c["id_course"] for c in docebo.iter_courses_with_option(field["id"], security)] == [chosen["NET-210"]]
    docebo.set_course_field_value(chosen["NET-210"], field["id"], None)  # back to the default: no option
    assert list(docebo.iter_courses_with_option(field["id"], security)) == []


def test_course_list_refuses_a_dropdown_filter_that_is_not_an_option_id(client, token):
    response = _get(client, "/learn/v1/courses", token, field_7="Cloud")
    assert response.status_code == 400


def test_client_external_training_round_trip(docebo):
    jane = User.objects.get(email="jane.doe@example.com")
    made = docebo.create_external_training(
        user_id=jane.pk,
        course_name="AWS Cloud Practitioner",
        institute="AWS",
        date=date(2024, 2, 19),
        certificate_url="https://www.credly.com/badges/x",
    )
    docebo.update_external_training(made["id"], expiration_date=date(2027, 2, 19))
    assert ExternalTraining.objects.get(pk=made["id"]).expiration_date == date(2027, 2, 19)
    assert [t["id"] for t in docebo.iter_external_training(user_id=jane.pk)] == [made["id"]]
    docebo.delete_external_training(made["id"])
    assert not ExternalTraining.objects.exists()


def test_client_awards_updates_and_revokes_a_certification(docebo):
    cert = docebo.find_certification_by_code("CERT-CLOUD")
    jane = User.objects.get(email="jane.doe@example.com")
    award = docebo.award_certification(certification_id=cert["id_cert"], user_id=jane.pk, issued_on=date(2024, 5, 1))
    assert award["award_id"]
    docebo.update_certification_award(
        certification_id=cert["id_cert"], user_id=jane.pk, issued_on=date(2024, 6, 1), expires_on=date(2026, 6, 1)
    )
    held = list(docebo.iter_certification_awards(user_ids=[jane.pk]))
    assert [(a["issued_on"], a["expire_on"]) for a in held] == [("2024-06-01", "2026-06-01")]
    docebo.revoke_certification(certification_id=cert["id_cert"], user_id=jane.pk)
    assert list(docebo.iter_certification_awards(user_ids=[jane.pk])) == []


def test_an_external_certification_award_keeps_its_source_and_link(docebo):
    cert = docebo.find_certification_by_code("CERT-CLOUD")
    jane = User.objects.get(email="jane.doe@example.com")
    link = "https://www.credly.com/badges/b-1"
    kwargs = {"certification_id": cert["id_cert"], "user_id": jane.pk, "source": "Credly"}
    docebo.award_certification(**kwargs, issued_on=date(2024, 5, 1), external_link=link)
    [held] = docebo.iter_certification_awards(user_ids=[jane.pk])
    assert (held["association_type"], held["source"], held["external_link"]) == ("external", "Credly", link)
    docebo.update_certification_award(**kwargs, issued_on=date(2024, 6, 1), external_link=link + "-2")
    [held] = docebo.iter_certification_awards(user_ids=[jane.pk])
    assert (held["issued_on"], held["external_link"]) == ("2024-06-01", link + "-2")


@pytest.mark.parametrize(
    ("origin", "said"),
    [
        ({"association_type": "external", "source": "Credly", "external_link": "not a link"}, "external_link"),
        ({"association_type": "external", "external_link": "https://x.example/b"}, "source"),
        ({"association_type": "somewhere"}, "association_type"),
    ],
)
def test_an_award_with_a_bad_origin_is_refused(client, token, origin, said):
    jane = User.objects.get(email="jane.doe@example.com")
    cert_id = docebo_cert_id()
    response = client.post(
        f"{PREFIX}/certification/v1/certifications/{cert_id}/users",
        json.dumps({"user_id": jane.pk, "issued_on": "2024-05-01", **origin}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and said in response.json()["message"]


def docebo_cert_id() -> int:
    from integrations.docebo.sandbox.models import Certification

    return Certification.objects.get(code="CERT-CLOUD").pk


def test_plan_enrollments_report_status_only_when_asked(client, token, docebo):
    plan_id = next(p["id"] for p in docebo.iter_learning_plans() if p["code"] == "LP-CLOUD")
    bare = _get(client, "/learningplan/v1/learningplans/enrollments", token, **{"learning_plan_id[]": plan_id})
    assert "enrollment_status" not in bare.json()["data"]["items"][0]
    rows = list(docebo.iter_learning_plan_enrollments(learning_plan_ids=[plan_id]))
    assert {r["enrollment_status"] for r in rows} == {"not_started"}
    assert len(rows) == 3


def test_seed_is_idempotent(seeded):
    counts = (User.objects.count(), Course.objects.count(), CourseField.objects.count())
    EMULATOR.seed()
    assert (User.objects.count(), Course.objects.count(), CourseField.objects.count()) == counts
    assert EMULATOR.credentials() == seeded


def test_hourly_call_limit_answers_429_and_the_client_hands_the_wait_to_its_caller(docebo, client, monkeypatch):
    from types import SimpleNamespace

    from integrations.client import RateLimited
    from integrations.docebo.sandbox import limits

    # Mid-hour, so a short wait the client sleeps through cannot reach the next hour's fresh budget.
    mid_hour = timezone.now().replace(minute=30, second=0)
    monkeypatch.setattr(limits, "timezone", SimpleNamespace(now=lambda: mid_hour))
    client.post("/sandbox/docebo/_actions/call-limit/", {"calls_per_hour": "3"})
    assert len(list(docebo.iter_certifications())) == 2  # call 1 (the token call is not metered)
    docebo.get_course(Course.objects.first().pk)  # call 2
    docebo.get_user(User.objects.first().pk)  # call 3
    with pytest.raises(RateLimited) as caught:
        docebo.get_user(User.objects.first().pk)
    assert 0 < caught.value.retry_after <= 3600
    assert caught.value.body["name"] == "Too Many Requests"


def test_external_training_without_name_or_date_is_refused(client, token):
    jane = User.objects.get(email="jane.doe@example.com")
    response = client.post(
        f"{PREFIX}/learn/v1/external_training",
        json.dumps({"user_id": jane.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "to_date" in response.json()["message"]
    assert not ExternalTraining.objects.exists()


def test_option_list_naming_a_foreign_option_is_refused(client, token):
    field = CourseField.objects.get(name="Credly badge")
    response = client.put(
        f"{PREFIX}/learn/v1/courses/field/{field.pk}",
        json.dumps({"options": [{"id": 999, "label": "x"}]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
