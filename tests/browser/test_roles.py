"""Each role on the live hub's freshly migrated database, as people meet it in a browser.

A superuser adds a user to each role on the admin's user page (no shell); each signs in. The Mapping
editor edits a lookup table, sees the mirror read-only and meets the styled 403 naming the role on
an Integration-admin page; the Integration admin opens connections. Skipped without Chromium.
"""

import pytest

from tests.browser.conftest import CHROMIUM, PASSWORD, log_in, shot
from tests.live import fresh_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def add_user_to_role(page, username: str, role: str) -> None:
    """As the superuser: Users > Add, then the role on the user's page, saved."""
    page.goto("/admin/auth/user/add/")
    page.fill("#id_username", username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("input[name=_continue]")
    page.wait_for_selector("#id_groups_from")
    page.select_option("#id_groups_from", label=role)
    page.click("#id_groups_add")
    shot(page, f"roles-user-page-{username}")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert "was made staff" in page.inner_text(".messagelist")


def sign_in_as(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, superuser=False)


@pytest.fixture
def staff_member(make_connection):
    from mappings.compliance.models import StaffRecord

    icims, _, _ = make_connection(system="icims", slug="icims-roles", settings={"customer_id": "1"})
    cred, _, _ = make_connection(system="credentially", slug="cred-roles", credentials={"api_key": "k"})
    return StaffRecord.objects.create(
        credentially_connection=cred,
        profile_id="p-1",
        ats_connection=icims,
        ats_person_id="20411",
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.org",
    )


def test_each_role_added_in_the_admin_signs_in_and_gets_what_it_may(page, live_hub, staff_member):
    from django.contrib.auth.models import Group, User

    from mappings.compliance.models import FieldMapping
    from mappings.compliance.standard import ensure_standard_rows
    from sync.permissions import INTEGRATION_ADMINS, MAPPING_EDITORS, role_permissions

    for role in (INTEGRATION_ADMINS, MAPPING_EDITORS):  # as the migrate left them
        held = Group.objects.get(name=role).permissions.all()
        assert set(held) == set(role_permissions(role)), role

    fresh_server(live_hub)  # earlier tests emptied the database under it: its content-type ids are stale
    log_in(page)  # the superuser
    add_user_to_role(page, "edna", MAPPING_EDITORS)
    add_user_to_role(page, "ivan", INTEGRATION_ADMINS)
    assert User.objects.get(username="edna").is_staff and User.objects.get(username="ivan").is_staff

    # The Mapping editor: the index, a lookup table edited, the mirror read-only, a styled 403.
    sign_in_as(page, "edna")
    index = page.text_content("#content-main")  # captions are upper-cased by CSS only
    assert "ATS <-> Credentially: synced staff and documents (mirror)" in index
    assert "Connections" not in index
    shot(page, "roles-editor-index")

    ensure_standard_rows(FieldMapping)  # a transactional test before this one may have emptied the table
    row = FieldMapping.objects.order_by("pk").first()
    page.goto(f"/admin/compliance/fieldmapping/{row.pk}/change/")
    page.fill("#id_position", "7")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    row.refresh_from_db()
    assert row.position == 7

    page.goto(f"/admin/compliance/staffrecord/{staff_member.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0 and "View staff member" in page.inner_text("h1")
    shot(page, "roles-editor-mirror-read-only")

    denied = page.goto("/admin/integrations/connection/add/")
    assert denied.status == 403
    text = page.inner_text("#content")
    assert "You tried to add connections." in text and "That needs the role Integration admins." in text
    shot(page, "roles-editor-403")
    page.click("text=Back to the admin home")
    page.wait_for_url("**/admin/")

    # The Integration admin: connections open, the system chooser shows.
    sign_in_as(page, "ivan")
    assert page.goto("/admin/integrations/connection/").status == 200
    assert page.goto("/admin/integrations/connection/add/").status == 200
    page.wait_for_selector("a[href='?system=certn']")
    shot(page, "roles-admin-connections")
