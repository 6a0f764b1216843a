"""The two roles: what each holds after a migrate, members made staff, the mirror read-only to editors.

A migrate from zero on its own SQLite file: tests/core/test_roles_fresh_database.py; the mirror as an
editor sees it: tests/compliance/test_mirror_read_only.py.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User

from sync.permissions import INTEGRATION_ADMINS, MAPPING_EDITORS, grant_on_post_migrate, lookup_app_labels
from sync.services.roles import role_member_add, roles_grant

pytestmark = pytest.mark.django_db
MIRROR = {"staffrecord", "staffdocument", "staffdocumentfile", "pollstate", "atscallday", "profilefieldcatalogue"}


def codenames(group: str, app_label: str) -> set[str]:
    perms = Group.objects.get(name=group).permissions.filter(content_type__app_label=app_label)
    return set(perms.values_list("codename", flat=True))


def test_integration_admins_hold_every_permission_of_the_hubs_apps():
    for label in ["integrations", "sync", "django_q", "axes", *lookup_app_labels()]:
        every = set(Permission.objects.filter(content_type__app_label=label).values_list("codename", flat=True))
        assert every and codenames(INTEGRATION_ADMINS, label) == every, label
    assert codenames(INTEGRATION_ADMINS, "auth") == set()  # users and groups stay with superusers


def test_mapping_editors_edit_every_lookup_table_and_only_view_the_mirror():
    for label in lookup_app_labels():
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            held = {c.split("_", 1)[0] for c in codenames(MAPPING_EDITORS, label) if c.endswith(f"_{name}")}
            expected = {"view"} if name in MIRROR else {"add", "change", "delete", "view"}
            assert held == expected, (label, name)
    assert codenames(MAPPING_EDITORS, "integrations") == set()


def test_the_grant_waits_for_the_last_app_then_recreates_the_groups_and_their_permissions():
    Group.objects.filter(name__in=[INTEGRATION_ADMINS, MAPPING_EDITORS]).delete()

    grant_on_post_migrate(apps.get_app_config("sync"))  # sync's own signal: too early, nothing yet
    assert not Group.objects.filter(name=MAPPING_EDITORS).exists()

    last = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
    grant_on_post_migrate(last)
    assert "change_fieldmapping" in codenames(MAPPING_EDITORS, "compliance")
    assert "add_connection" in codenames(INTEGRATION_ADMINS, "integrations")


def test_the_grant_takes_back_a_write_on_the_mirror_from_editors_and_keeps_other_additions():
    editors = Group.objects.get(name=MAPPING_EDITORS)
    editors.permissions.add(
        Permission.objects.get(codename="delete_staffrecord"), Permission.objects.get(codename="view_connection")
    )
    roles_grant()
    assert "delete_staffrecord" not in codenames(MAPPING_EDITORS, "compliance")
    assert "view_connection" in codenames(MAPPING_EDITORS, "integrations")


def test_putting_someone_in_a_role_in_code_makes_them_staff():
    user = User.objects.create_user("ed", password="pw-123456789")
    role_member_add(user=user, role=MAPPING_EDITORS)
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("compliance.change_fieldmapping")
    with pytest.raises(ValueError, match="no role named"):
        role_member_add(user=user, role="Admins")


def test_putting_someone_in_a_role_on_the_admins_user_page_makes_them_staff(admin_client):
    user = User.objects.create_user("newcomer", password="pw-123456789")
    form = {
        "username": "newcomer",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [Group.objects.get(name=MAPPING_EDITORS).pk],
        "date_joined_0": "2026-11-01",
        "date_joined_1": "10:00:00",
    }
    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "A member of a role is made staff when saved" in page

    response = admin_client.post(f"/admin/auth/user/{user.pk}/change/", form, follow=True)

    assert response.status_code == 200, response.content[:2000]
    user.refresh_from_db()
    assert user.is_staff
    assert "was made staff" in response.content.decode()


def test_the_admin_lists_the_mirror_apart_from_the_lookup_tables(admin_client):
    app_list = admin_client.get("/admin/").context["app_list"]
    sections = {app["name"]: {m["object_name"] for m in app["models"]} for app in app_list}
    lookup = sections["ATS <-> Credentially: lookup tables"]
    mirror = sections["ATS <-> Credentially: synced staff and documents (mirror)"]
    assert lookup == {"StageTrigger", "FieldMapping"}
    assert {"StaffRecord", "StaffDocument", "StaffDocumentFile", "AtsCallDay"} <= mirror
