"""The Docebo connection check against the emulator: every line passes or is skipped with a reason in
the default tenant; in each variant (and with broken credentials or a missing badge field) the line
that should fail fails, with a fix an admin can follow."""

from datetime import date

import pytest

from integrations.docebo.client import DoceboClient
from integrations.docebo.sandbox import EMULATOR, state
from integrations.docebo.sandbox.models import Certification, Course, CourseField, ExternalTraining, User
from integrations.docebo.sandbox.seed import BADGE_FIELD_NAME
from integrations.probes import run_probes
from mappings.badges.models import BadgeTemplate
from sync.services.runs import flow_row
from tests.docebo.adapter import DjangoTestAdapter

NAMES = [
    "Credentials accepted",
    "Token lifetime",
    "Users answer",
    "Courses answer",
    "Course enrollments answer",
    "Course additional fields answer",
    "Learning plans answer",
    "Learning plan enrollments answer",
    "External training answers",
    "Certifications answer",
    "Certification awards answer",
    "Docebo honours the course filter",
    "Docebo honours the external-training user filter",
    "Docebo shows where an award came from",
    "Webhook points at this hub",
    "Badge course field exists in Docebo",
]


@pytest.fixture
def emulated(monkeypatch):
    """Every DoceboClient the probes open reaches the emulator in-process."""
    original = DoceboClient.__init__

    def init(self, connection, **kwargs):
        original(self, connection, **kwargs)
        self.session.mount("http://", DjangoTestAdapter())

    monkeypatch.setattr(DoceboClient, "__init__", init)


@pytest.fixture
def tenant(db, emulated):
    """The seeded platform with the badge field's two options chosen on two courses, external
    training for two learners, and the lookup table's templates holding those options."""
    from django.core.cache import cache

    cache.clear()
    EMULATOR.seed()
    field = CourseField.objects.get(name=BADGE_FIELD_NAME)
    for code, label in (("CLD-101", "Cloud Foundations Practitioner"), ("NET-210", "Secure Networking Specialist")):
        option = field.options.create(label=label)
        state.set_course_option(course=Course.objects.get(code=code), field=field, option=option)
        BadgeTemplate.objects.create(
            credly_id=f"tpl-{code}", name=label, state="active", dropdown_element_id=str(option.pk)
        )
    for user in User.objects.all()[:2]:
        ExternalTraining.objects.create(user=user, course_name="Outside course", to_date=date(2026, 1, 1))
    origin = {"association_type": "external", "source": "Credly", "external_link": "https://www.credly.com/badges/b1"}
    state.award(
        certification=Certification.objects.first(),
        user=User.objects.first(),
        issued_on=date(2026, 1, 1),
        expire_on=None,
        origin=origin,
    )
    return field


@pytest.fixture
def connection(tenant, make_connection):
    conn, _, _ = make_connection(
        system="docebo", slug="docebo-sandbox", base_url=EMULATOR.base_url(), credentials=EMULATOR.credentials()
    )
    return conn


def lines(conn) -> dict:
    return {line.name: line for line in run_probes(conn)}


def assert_all_pass_but(found: dict, *failing: str) -> None:
    assert list(found) == NAMES
    for name, line in found.items():
        if name in failing:
            assert line.status == "failed" and line.detail and line.fix, line
        else:
            assert line.status in ("passed", "skipped"), line
            assert line.detail, line


def test_default_tenant_passes_every_line(connection):
    found = lines(connection)
    assert_all_pass_but(found)
    assert found["Token lifetime"].detail.startswith("60 minutes (expires_in=3600)")
    assert found["Webhook points at this hub"].status == "skipped"
    assert connection.webhook_url in found["Webhook points at this hub"].detail
    assert "2 option(s)" in found["Badge course field exists in Docebo"].detail


@pytest.mark.parametrize(
    ("variant", "line"),
    [
        ("ignores_course_filter", "Docebo honours the course filter"),
        ("ignores_user_filter", "Docebo honours the external-training user filter"),
    ],
)
def test_each_variant_fails_its_line_with_a_fix(connection, sandbox_variant, variant, line):
    sandbox_variant("docebo", variant)
    found = lines(connection)
    assert_all_pass_but(found, line)
    assert "ignores" in found[line].detail and "Docebo support" in found[line].fix


def test_award_origin_line_fails_where_the_award_api_drops_source_and_link(connection, sandbox_variant):
    assert lines(connection)["Docebo shows where an award came from"].detail.endswith("(1 external)")
    sandbox_variant("docebo", "ignores_award_origin")
    found = lines(connection)
    assert_all_pass_but(found, "Docebo shows where an award came from")
    line = found["Docebo shows where an award came from"]
    assert "My Activities > Certifications" in line.detail and "API browser" in line.fix


def test_award_origin_line_is_skipped_without_any_award(connection):
    from integrations.docebo.sandbox.models import CertificationAward

    CertificationAward.objects.all().delete()
    line = lines(connection)["Docebo shows where an award came from"]
    assert line.status == "skipped" and "no certification award" in line.detail


def test_refused_credentials_fail_with_where_to_find_new_ones(tenant, make_connection):
    conn, _, _ = make_connection(
        system="docebo",
        base_url=EMULATOR.base_url(),
        credentials={**EMULATOR.credentials(), "client_secret": "wrong"},
    )
    found = {line.name: line for line in run_probes(conn)}
    assert found["Credentials accepted"].status == "failed"
    assert "API Credentials" in found["Credentials accepted"].fix
    assert found["Token lifetime"].status == "skipped"


def test_missing_badge_field_fails_with_the_field_sync_as_fix(connection, tenant):
    tenant.delete()
    line = lines(connection)["Badge course field exists in Docebo"]
    assert line.status == "failed" and "Credly badge" in line.detail
    assert "course badge field" in line.fix and "Run now" in line.fix


def test_template_without_an_option_fails_the_badge_field_line(connection):
    BadgeTemplate.objects.create(credly_id="tpl-new", name="New Badge", state="active")
    line = lines(connection)["Badge course field exists in Docebo"]
    assert line.status == "failed" and "New Badge" in line.detail


def test_badge_field_line_is_skipped_when_its_flows_are_off(connection):
    for key in ("badges.docebo_to_credly", "badges.field_to_docebo"):
        row = flow_row(key)
        row.enabled = False
        row.save()
    line = lines(connection)["Badge course field exists in Docebo"]
    assert line.status == "skipped" and "off" in line.detail
