"""The Docebo emulator's variants (filters a tenant may ignore), and the client's answer to each:
one user's external training never pages through the whole tenant (issue 9, point 12)."""

from datetime import date

import pytest

from integrations.docebo.client import DoceboClient
from integrations.docebo.sandbox import EMULATOR
from integrations.docebo.sandbox.models import Course, CourseField, ExternalTraining, User
from tests.docebo.adapter import in_process_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def docebo(make_connection) -> DoceboClient:
    EMULATOR.seed()
    conn, _, _ = make_connection(system="docebo", base_url=EMULATOR.base_url(), credentials=EMULATOR.credentials())
    return DoceboClient(conn, session=in_process_session())


@pytest.fixture
def crowded_tenant():
    """450 external training records of other learners, then jane's 2 (the newest)."""
    users = list(User.objects.exclude(email="jane.doe@example.com"))
    ExternalTraining.objects.bulk_create(
        ExternalTraining(user=users[i % len(users)], course_name=f"Other {i}", to_date=date(2026, 1, 1))
        for i in range(450)
    )
    jane = User.objects.get(email="jane.doe@example.com")
    mine = [ExternalTraining.objects.create(user=jane, course_name=n, to_date=date(2026, 2, 1)) for n in "AB"]
    return jane, {t.pk for t in mine}


def test_variants_are_declared_with_what_they_do():
    assert set(EMULATOR.variants) == {"ignores_course_filter", "ignores_user_filter", "ignores_award_origin"}
    assert all("ignores" in text for text in EMULATOR.variants.values())


def test_one_users_external_training_is_complete_where_the_filter_is_honoured(docebo, crowded_tenant):
    jane, mine = crowded_tenant
    found = docebo.external_training_of(jane.pk)
    assert found.complete and {t["id"] for t in found.items} == mine
    assert docebo.calls == 2  # token, one filtered page


def test_tenant_ignoring_the_user_filter_is_not_paged_through(docebo, crowded_tenant, sandbox_variant):
    sandbox_variant("docebo", "ignores_user_filter")
    jane, mine = crowded_tenant
    found = docebo.external_training_of(jane.pk)
    # one filtered page shows other learners: paging stops; the newest page is searched instead
    assert docebo.calls == 3  # token, the filtered page 1 (of 3), the newest 200 records
    assert not found.complete
    assert {t["id"] for t in found.items} == mine
    assert all(t["user_id"] == jane.pk for t in found.items)


def test_course_list_ignores_the_field_filter_in_its_variant(docebo, sandbox_variant):
    field = CourseField.objects.create(name="Credly badge")
    option = field.options.create(label="Cloud")
    docebo.set_course_field_value(Course.objects.first().pk, field.pk, option.pk)
    assert len(list(docebo.iter_courses_with_option(field.pk, option.pk))) == 1
    sandbox_variant("docebo", "ignores_course_filter")
    assert len(list(docebo.iter_courses_with_option(field.pk, option.pk))) == Course.objects.count()


def test_iterating_one_users_training_reads_at_most_two_pages_when_the_filter_is_ignored(
    docebo, crowded_tenant, sandbox_variant
):
    sandbox_variant("docebo", "ignores_user_filter")
    jane, mine = crowded_tenant
    assert {t["id"] for t in docebo.iter_external_training(user_id=jane.pk)} == mine
    assert docebo.calls <= 3  # never the tenant's 3 pages on top of the token
