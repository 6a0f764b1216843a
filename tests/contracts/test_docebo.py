"""Docebo contract: (a) every request the hub's DoceboClient sends (flows and connection check) is an
operation of the contract, with its query keys and body; (b) every answer and webhook the emulator
produces has Docebo's shape. Schemas: tests/contracts/docebo/ (Docebo publishes no API description
outside each tenant's API browser, see the README there)."""

import json
from datetime import date

import pytest

from integrations.docebo.client import DoceboClient
from integrations.docebo.sandbox import EMULATOR, state
from integrations.docebo.sandbox.models import Certification, Course, LearningPlan, User
from integrations.probes import run_probes
from integrations.sandbox.models import SandboxDelivery
from tests.contracts.docebo_contract import check_answer, check_delivery, check_request, operations_of, validate
from tests.docebo.adapter import DjangoTestAdapter
from tests.docebo.helpers import DELIVERY_FIXTURES, delivery

pytestmark = pytest.mark.django_db

UNCONFIRMED_CALLS = {  # what the hub sends that the contract marks unconfirmed (the emulator's suggestion)
    ("PUT", r"/learn/v1/courses/\d+"),
    ("POST", r"/learn/v1/courses/field"),
    ("PUT", r"/learn/v1/courses/field/\d+"),
    ("GET", r"/learn/v1/external_training"),
    ("POST", r"/learn/v1/external_training"),
    ("PUT", r"/learn/v1/external_training/\d+"),
    ("DELETE", r"/learn/v1/external_training/\d+"),
    ("GET", r"/certification/v1/certifications/users"),
    ("POST", r"/certification/v1/certifications/\d+/users"),
    ("PUT", r"/certification/v1/certifications/\d+/users/\d+"),
    ("DELETE", r"/certification/v1/certifications/\d+/users/\d+"),
}


class Recording(DjangoTestAdapter):
    """Carries every DoceboClient's requests to the emulator and keeps each (request, answer) pair."""

    exchanges: list = []

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        Recording.exchanges.append((request, response))
        return response


@pytest.fixture
def recorded(make_connection, monkeypatch):
    """A connection to the seeded emulator; every DoceboClient opened on it (probes too) is recorded."""
    from django.core.cache import cache

    cache.clear()
    Recording.exchanges = []
    original = DoceboClient.__init__

    def init(self, connection, **kwargs):
        original(self, connection, **kwargs)
        self.session.mount("http://", Recording())

    monkeypatch.setattr(DoceboClient, "__init__", init)
    EMULATOR.seed()
    EMULATOR.register_hub(url="https://hub.example/hooks/docebo-sandbox/", username="hub", secret="s3cret")
    conn, _, _ = make_connection(
        system="docebo", slug="docebo-sandbox", base_url=EMULATOR.base_url(), credentials=EMULATOR.credentials()
    )
    return conn, Recording.exchanges


def drive(docebo: DoceboClient) -> None:
    """Every call the hub makes of Docebo (flows, field sync), once."""
    jane = docebo.find_user_by_email("jane.doe@example.com")
    list(docebo.iter_users())
    docebo.get_user(jane["user_id"])
    field = docebo.create_course_dropdown_field(name="Contract badge", options=["First"])
    option = docebo.add_course_field_option(field["id"], "Second")
    course_id = next(docebo.iter_courses())["id_course"]
    docebo.set_course_field_value(course_id, field["id"], int(option))
    list(docebo.iter_courses_with_option(field["id"], option))
    docebo.get_course(course_id)
    list(docebo.iter_course_enrollments(course_ids=[course_id], status=None))
    docebo.course_enrollment(course_id=course_id, user_id=int(jane["user_id"]))
    plan = next(docebo.iter_learning_plans())
    list(docebo.iter_learning_plan_enrollments(learning_plan_ids=[plan["id"]]))
    docebo.learning_plan_enrollment(learning_plan_id=plan["id"], user_id=int(jane["user_id"]))
    docebo.set_course_field_value(course_id, field["id"], None)
    docebo.remove_course_field_option(field["id"], option)
    made = docebo.create_external_training(
        user_id=jane["user_id"], course_name="Contract", institute="Credly", date=date(2026, 1, 1)
    )
    docebo.update_external_training(made["id"], expiration_date=date(2028, 1, 1))
    docebo.external_training_of(jane["user_id"])
    docebo.delete_external_training(made["id"])
    cert = docebo.find_certification_by_code("CERT-CLOUD")
    kwargs = {"certification_id": cert["id_cert"], "user_id": jane["user_id"]}
    docebo.award_certification(**kwargs, issued_on=date(2026, 1, 1), expires_on=date(2027, 1, 1))
    docebo.update_certification_award(**kwargs, issued_on=date(2026, 1, 1), expires_on=date(2028, 1, 1))
    list(docebo.iter_certification_awards(user_ids=[jane["user_id"]], certification_ids=[cert["id_cert"]]))
    docebo.revoke_certification(**kwargs)


def test_every_request_the_hub_sends_is_in_the_contract_and_every_answer_has_doceboes_shape(recorded):
    conn, exchanges = recorded
    drive(conn.client())
    run_probes(conn)
    unconfirmed = set()
    for request, response in exchanges:
        op = check_request(request.method, request.url, request.body)
        check_answer(op, response.status_code, response.content)
        if not op.confirmed:
            unconfirmed.add((op.method, op.path))
    assert unconfirmed == UNCONFIRMED_CALLS
    assert len(exchanges) > 40


def test_errors_the_emulator_answers_have_doceboes_shape(recorded):
    conn, exchanges = recorded
    docebo = conn.client()
    with pytest.raises(Exception):
        docebo.get_course(999999)
    request, response = exchanges[-1]
    assert response.status_code == 404
    check_answer(check_request(request.method, request.url, request.body), response.status_code, response.content)


def test_every_webhook_the_emulator_posts_is_doceboes_envelope(recorded):
    users, course = list(User.objects.all()[:3]), Course.objects.get(code="CLD-101")
    for user in users:
        state.enrol(user=user, course=course)
    state.complete_course(users=users, course=course)  # course and (one of two courses) plan events
    state.complete_course(users=users[:1], course=LearningPlan.objects.get(code="LP-CLOUD").courses.last())
    cert = Certification.objects.get(code="CERT-SEC")
    state.award(certification=cert, user=users[0], issued_on=date(2026, 1, 1), expire_on=date(2027, 1, 1))
    state.award_update(certification=cert, user=users[0], issued_on=date(2026, 1, 1), expire_on=date(2028, 1, 1))
    state.award_revoke(certification=cert, user=users[0])
    sent = list(SandboxDelivery.objects.filter(system="docebo"))
    assert {d.event_type for d in sent} >= {"course.enrollment.completed", "certification.user.assigned"}
    for posted in sent:
        check_delivery(json.loads(posted.body))


@pytest.mark.parametrize("name", sorted(p.stem for p in DELIVERY_FIXTURES.glob("*.json")))
def test_sample_deliveries_are_doceboes(name):
    check_delivery(delivery(name))


# --- the checks bite: drift on either side fails ---------------------------------------------------
COMPLETED_UNDATED = {
    "user_id": 1,
    "course_id": 2,
    "enrollment_status": "completed",
    "enrollment_created_at": "2026-01-01 10:00:00",
    "enrollment_date_last_updated": None,
    "enrollment_completion_date": None,
}
ISO_DATED = {**delivery("course.enrollment.completed")["payload"], "completion_date": "2026-01-01T10:00:00Z"}


@pytest.mark.parametrize(
    ("schema", "drifted"),
    [
        ("error", {"error": "Not found"}),  # Django's or another vendor's error shape
        ("collection", {"data": {"items": [], "next_page_url": None}}),  # another vendor's paging
        ("course_item", {"id_course": 1, "name": "x", "code": "c", "type": "elearning"}),  # the detail's key
        ("course_enrollment", COMPLETED_UNDATED),
        ("webhook", {**delivery("course.enrollment.completed"), "payloads": [{}]}),  # payload and payloads
        ("course.enrollment.completed", ISO_DATED),  # ISO time, not Docebo's "YYYY-MM-DD HH:MM:SS"
    ],
    ids=["error-shape", "paging", "list-with-type", "completed-undated", "payload-and-payloads", "iso-date"],
)
def test_a_drifted_answer_fails_the_contract(schema, drifted):
    with pytest.raises(AssertionError, match=f"not Docebo's {schema}"):
        validate(schema, drifted)


@pytest.mark.parametrize(
    ("method", "url", "body", "says"),
    [
        ("GET", "/learn/v1/courses?page_size=500", None, "page_size"),
        ("GET", "/learn/v1/courses?email=a@b.c", None, "query parameters"),
        ("GET", "/course/v1/courses/enrollments?course_id[]=abc", None, "takes ids"),
        ("PATCH", "/learn/v1/courses/1", "{}", "no operation"),
        ("POST", "/oauth2/token", "grant_type=password&client_id=a&client_secret=b", "token_request"),
    ],
)
def test_a_request_outside_the_contract_fails(method, url, body, says):
    with pytest.raises(AssertionError, match=says):
        check_request(method, "http://testserver/sandbox/docebo" + url, body)


def test_the_course_filter_is_allowed_on_the_course_list_only():
    assert operations_of("GET", "https://acme.docebosaas.com/learn/v1/courses?field_7=31")
    with pytest.raises(AssertionError, match="query parameters"):
        check_request("GET", "https://acme.docebosaas.com/manage/v1/user?field_7=31", None)
