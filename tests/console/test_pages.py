"""The console's pages render for staff, link each other, and read in a bounded number of queries."""

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext

from tests.console.helpers import checked, received

pytestmark = pytest.mark.django_db
PAGES = [
    "/admin/",
    "/admin/getting-started/",
    "/admin/setup/badges/",
    "/admin/setup/compliance/",
    "/admin/setup/screening/",
]


def test_every_page_renders_and_the_dashboard_links_them_all(admin_client):
    for url in PAGES:
        assert admin_client.get(url).status_code == 200, url
    home = admin_client.get("/admin/").content.decode()
    for url in PAGES[1:]:
        assert f'href="{url}"' in home, url
    for app in ("integrations", "sync", "badges", "compliance", "screening"):  # Django's app list, kept below
        assert f'class="app-{app} module' in home, app


def test_getting_started_lists_the_three_checklists_in_order_with_what_each_does(admin_client):
    page = admin_client.get("/admin/getting-started/").content.decode()
    first, second, third = (page.index(f'href="/admin/setup/{key}/"') for key in ("badges", "compliance", "screening"))
    assert first < second < third
    assert "Issues a Credly badge when a learner completes a course" in page
    assert "0 of 7 steps done" in page


def test_an_unknown_checklist_is_a_404_and_staff_only(admin_client, client):
    assert admin_client.get("/admin/setup/nothing/").status_code == 404
    assert client.get("/admin/setup/badges/").status_code == 302  # to the login page


def test_the_screening_admins_own_page_shows_the_same_rows(admin_client):
    page = admin_client.get("/admin/screening/screeningsettings/setup/").content.decode()
    assert "console-checklist" in page and "To do" in page


def _fill(make_connection, offset: int, count: int):
    for i in range(offset, offset + count):
        for system in ("credly", "docebo", "icims", "credentially", "certn"):
            conn, _, _ = make_connection(system, slug=f"{system}-{i}", settings={"customer_id": "1"})
            checked(conn, "passed")
            received(conn)


@pytest.mark.parametrize("url", PAGES[1:])
def test_checklist_pages_read_the_same_number_of_queries_for_1_or_5_accounts_per_system(
    url, admin_client, make_connection
):
    _fill(make_connection, 0, 1)
    with CaptureQueriesContext(db) as few:
        admin_client.get(url)
    _fill(make_connection, 1, 4)
    with CaptureQueriesContext(db) as many:
        admin_client.get(url)
    assert len(few) == len(many) <= 20, [q["sql"][:120] for q in many.captured_queries]
