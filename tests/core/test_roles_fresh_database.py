"""One `migrate` on an empty database is enough for both roles to work (issue 11: it took two).

The migrate runs as a new install's would, in its own process on its own SQLite file; then a second
process puts a user in each role and signs in with Django's test client on that same file.
"""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GROUP_PERMISSIONS = """
    SELECT g.name, ct.app_label, p.codename FROM auth_group g
    JOIN auth_group_permissions gp ON gp.group_id = g.id
    JOIN auth_permission p ON p.id = gp.permission_id
    JOIN django_content_type ct ON ct.id = p.content_type_id
"""
SIGN_IN_AS_EACH_ROLE = """
import json, django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from sync.services.roles import role_member_add

out = {}
for role, pages in {
    "Integration admins": ["/admin/integrations/connection/add/?system=certn", "/admin/compliance/fieldmapping/"],
    "Mapping editors": ["/admin/compliance/fieldmapping/add/", "/admin/compliance/staffrecord/",
                        "/admin/integrations/connection/add/"],
}.items():
    username = role.split()[0].lower()
    user = User.objects.create_user(username, password="pw-123456789")
    role_member_add(user=user, role=role)
    client = Client()  # signs in through the login form, as a person would
    signed_in = client.post("/admin/login/?next=/admin/", {"username": username, "password": "pw-123456789"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/", role
    out[role] = {page: client.get(page).status_code for page in pages}
print(json.dumps(out))
"""


@pytest.fixture
def empty_database():
    path = Path(f"/tmp/crosswalk-fresh-{uuid.uuid4().hex[:12]}.sqlite3")
    yield path
    for leftover in path.parent.glob(f"{path.name}*"):  # with its -wal and -shm files
        leftover.unlink()


def run(args: list[str], database: Path) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.django_db
def test_one_migrate_on_an_empty_database_gives_both_roles_their_permissions(empty_database):
    from sync.permissions import INTEGRATION_ADMINS, MAPPING_EDITORS, role_permissions

    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], empty_database)

    with sqlite3.connect(empty_database) as db:
        rows = db.execute(GROUP_PERMISSIONS).fetchall()
    held = {
        role: {(label, code) for name, label, code in rows if name == role}
        for role in (INTEGRATION_ADMINS, MAPPING_EDITORS)
    }
    for role, perms in held.items():  # the same set as the test database's, made by the same migrations
        expected = set(role_permissions(role).values_list("content_type__app_label", "codename"))
        assert perms == expected, (role, len(perms), len(expected))
    assert len(held[MAPPING_EDITORS]) > 40 and len(held[INTEGRATION_ADMINS]) > 140
    assert ("compliance", "change_fieldmapping") in held[MAPPING_EDITORS]
    assert ("compliance", "view_staffrecord") in held[MAPPING_EDITORS]
    assert ("compliance", "delete_staffrecord") not in held[MAPPING_EDITORS]

    answers = json.loads(run([sys.executable, "-c", SIGN_IN_AS_EACH_ROLE], empty_database).strip().splitlines()[-1])
    assert answers == {
        "Integration admins": {
            "/admin/integrations/connection/add/?system=certn": 200,
            "/admin/compliance/fieldmapping/": 200,
        },
        "Mapping editors": {
            "/admin/compliance/fieldmapping/add/": 200,
            "/admin/compliance/staffrecord/": 200,
            "/admin/integrations/connection/add/": 403,
        },
    }
