"""Production settings pass Django's deploy checks; pages that name the hub's systems need permission."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-key-with-enough-length-and-variety-0123456789-abcdefghij",
        "FIELD_ENCRYPTION_KEYS": "ZGV2LWluc2VjdXJlLWZlcm5ldC1rZXktMzItYnl0ZXM=",
        "ALLOWED_HOSTS": "hub.example.org",
        "HUB_BASE_URL": "https://hub.example.org",
        "DATABASE_URL": "sqlite:////tmp/crosswalk-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_mapping_editor_gets_403_before_the_which_system_page(client):
    editor = User.objects.create_user("ed", password="pw-123456789", is_staff=True)
    editor.groups.add(Group.objects.get(name="Mapping editors"))
    client.force_login(editor)
    assert client.get("/admin/integrations/connection/add/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_api_schema_and_docs_need_a_login(client, path):
    assert client.get(path).status_code in (401, 403)
