"""The read-only "Course badges" page: Docebo's courses with the template their course field names."""

import pytest

from mappings.badges.models import BadgeTemplate
from tests.lookup_tables.conftest import DOCEBO

pytestmark = pytest.mark.django_db
FIELD = {"id": 7, "name": {"value": "Credly badge"}, "type": "dropdown", "options": [{"id": 31, "label": "Cloud"}]}


def page_of(items):
    return {"data": {"items": items, "current_page": 1, "has_more_data": False, "total_page_count": 1}}


@pytest.fixture
def docebo_courses(systems, http):
    BadgeTemplate.objects.create(credly_id="tpl-cloud", name="Cloud Foundations Practitioner", dropdown_element_id="31")
    http.get(f"{DOCEBO}/learn/v1/courses/field", json={"data": {"items": [FIELD]}})
    http.get(
        f"{DOCEBO}/learn/v1/courses",
        json=page_of(
            [
                {"id_course": 1, "name": "Cloud Foundations", "code": "CLD-101"},
                {"id_course": 2, "name": "Secure Networking Lab", "code": "NET-210"},
            ]
        ),
    )
    http.get(
        f"{DOCEBO}/learn/v1/courses/1", json={"data": {"id_course": 1, "additional_fields": [{"id": 7, "value": 31}]}}
    )
    http.get(f"{DOCEBO}/learn/v1/courses/2", json={"data": {"id_course": 2, "additional_fields": []}})
    return http


def test_each_course_shows_the_badge_chosen_in_docebo_and_where_to_change_it(client, editor, docebo_courses):
    client.force_login(editor)
    html = client.get("/admin/badges/coursebadge/").content.decode()
    assert "Set in Docebo, not here." in html and "Admin Menu &gt; Course management" in html
    assert "<td>Cloud Foundations</td><td>CLD-101</td><td>Cloud Foundations Practitioner</td>" in html
    assert "<td>Secure Networking Lab</td><td>NET-210</td><td>-</td>" in html
    again = len(docebo_courses.calls)
    client.get("/admin/badges/coursebadge/")
    assert len(docebo_courses.calls) == again  # read from the cache


def test_the_list_filters_by_badge_and_searches(client, editor, docebo_courses):
    client.force_login(editor)
    html = client.get("/admin/badges/coursebadge/", {"badge": "no"}).content.decode()
    assert "Secure Networking Lab" in html and "Cloud Foundations Practitioner" not in html
    html = client.get("/admin/badges/coursebadge/", {"q": "cld"}).content.decode()
    assert "Cloud Foundations" in html and "Secure Networking Lab" not in html


def test_docebo_out_of_reach_is_said_in_plain_words(client, editor, systems, http):
    http.get(f"{DOCEBO}/learn/v1/courses/field", status=503)
    client.force_login(editor)
    html = client.get("/admin/badges/coursebadge/").content.decode()
    assert "Docebo could not be read" in html and "Set in Docebo, not here." in html


def test_nobody_adds_or_changes_a_course_badge_here(client, editor):
    client.force_login(editor)
    assert client.get("/admin/badges/coursebadge/add/").status_code == 403
