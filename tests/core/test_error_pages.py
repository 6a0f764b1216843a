"""The 403, 404 and 500 pages: in the admin's look, saying what happened and the way back."""

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from sync.error_views import denied_action
from sync.permissions import MAPPING_EDITORS
from sync.services.roles import role_member_add


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("ed", password="pw-123456789")
    role_member_add(user=user, role=MAPPING_EDITORS)
    client.force_login(user)
    return client


def test_a_403_names_what_was_tried_and_the_role_that_may(editor_client):
    response = editor_client.get("/admin/integrations/connection/add/")

    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="site-name"' in page and "Crosswalk" in page  # the admin's header
    assert "You tried to <strong>add connections</strong>" in page
    assert "That needs the role <strong>Integration admins</strong>" in page
    assert "Your roles: Mapping editors." in page
    assert 'href="/admin/"' in page and "Back to the admin home" in page


def test_a_403_on_a_page_of_its_own_names_the_page(editor_client, db):
    denied = denied_action("/admin/compliance/fieldmapping/preview/")
    assert denied.what == "use the preview page of field mappings"
    assert denied.roles == ["Integration admins", "Mapping editors"]
    assert denied_action("/admin/sync/erasure/forget/").roles == ["Integration admins"]
    assert denied_action("/hooks/x/") is None


def test_a_permission_no_role_holds_is_for_superusers(editor_client):
    page = editor_client.get("/admin/auth/user/").content.decode()
    assert "You tried to <strong>see users</strong>" in page and "Only a superuser may do that." in page


@pytest.mark.django_db
def test_a_404_is_in_the_admins_look_with_a_way_back(client, settings):
    settings.DEBUG = False  # with DEBUG on, Django shows its technical page instead
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert 'id="site-name"' in page and "There is no page at <code>/no-such-page/</code>" in page
    assert "Back to the admin home" in page


def test_the_500_page_renders_without_the_database_or_context_processors(settings):
    from django.views.defaults import server_error

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {"context_processors": []}}]
    # No `db` fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/admin/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on the hub's side" in page
    assert 'href="/admin/"' in page and "Back to the admin home" in page
