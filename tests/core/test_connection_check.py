"""The connection check: probes become a checklist, kept per connection, shown in the admin and
printed by `manage.py check_connection`; a check that starts failing is e-mailed once."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from integrations.client.errors import Unauthorized
from integrations.models import ConnectionCheck
from integrations.probes import failed, passed, register_connector_probe, run_probes, skipped
from integrations.services import connection_check_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a service queued on commit (the check's task), as the worker would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def probes(monkeypatch):
    """Replace the system's probes with ones a test controls."""
    state = {"key_ok": True}

    def credentials(conn):
        """Credentials accepted"""
        if not state["key_ok"]:
            raise Unauthorized("HTTP 401 invalid key")
        return passed("Credentials accepted", "the API key was accepted")

    def variant(conn):
        return [passed("Course filter honoured"), skipped("Webhook target", "the API cannot tell")]

    monkeypatch.setattr("integrations.probes.system_probes", lambda system: [credentials, variant])
    monkeypatch.setattr("integrations.probes._connector_probes", {})  # connectors' probes (badges') left out
    return state


def test_probes_make_a_checklist_and_a_crashing_probe_is_a_failed_line_in_plain_words(make_connection, probes):
    conn, _, _ = make_connection("docebo")
    probes["key_ok"] = False
    lines = run_probes(conn)
    assert [(line.name, line.status) for line in lines] == [
        ("Credentials accepted", "failed"),
        ("Course filter honoured", "passed"),
        ("Webhook target", "skipped"),
    ]
    assert "refused the credentials" in lines[0].detail and lines[0].fix


def test_connector_probes_run_after_the_systems_own(make_connection, probes, monkeypatch):
    monkeypatch.setattr("integrations.probes._connector_probes", {})
    register_connector_probe(system="docebo", probe=lambda conn: failed("Badge field", "missing", "Create it"))
    register_connector_probe(system="credly", probe=lambda conn: passed("not for docebo"))
    conn, _, _ = make_connection("docebo")
    assert [line.name for line in run_probes(conn)][-1] == "Badge field"


def test_a_queued_check_runs_in_the_worker_and_keeps_its_lines(make_connection, probes, run_on_commit):
    conn, _, _ = make_connection("docebo")
    with run_on_commit(execute=True):
        check = connection_check_request(connection=conn, requested_by="ann")
    check.refresh_from_db()
    assert check.status == ConnectionCheck.Status.PASSED and check.finished_at is not None
    assert [line["status"] for line in check.lines] == ["passed", "passed", "skipped"]


def test_a_check_that_starts_failing_is_emailed_once(make_connection, probes, mailoutbox, run_on_commit):
    conn, _, _ = make_connection("docebo", notification_email="ops@example.org")
    with run_on_commit(execute=True):
        connection_check_request(connection=conn)
    probes["key_ok"] = False  # e.g. the key was rotated at the vendor
    for _ in range(2):  # still failing the second time: no second e-mail
        with run_on_commit(execute=True):
            connection_check_request(connection=conn)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ops@example.org"]
    assert "Credentials accepted" in mailoutbox[0].body and "What to do" in mailoutbox[0].body


def test_command_prints_json_and_exits_1_when_a_line_failed(make_connection, probes):
    conn, _, _ = make_connection("docebo")
    out = StringIO()
    call_command("check_connection", conn.slug, "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["connection"] == conn.slug
    assert printed["checks"][0] == {
        "name": "Credentials accepted",
        "status": "passed",
        "detail": "the API key was accepted",
        "fix": "",
    }
    probes["key_ok"] = False
    with pytest.raises(SystemExit) as exited:
        call_command("check_connection", conn.slug, stdout=StringIO())
    assert exited.value.code == 1
    assert ConnectionCheck.objects.filter(connection=conn).count() == 2


def _member(group: str) -> User:
    user = User.objects.create_user(group.split()[0].lower(), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_admin_queues_the_check_and_shows_the_checklist(client, make_connection, probes, run_on_commit):
    conn, _, _ = make_connection("docebo")
    client.force_login(_member("Integration admins"))
    with run_on_commit(execute=True):
        response = client.post(
            "/admin/integrations/connection/",
            {"action": "check_connection", "_selected_action": [conn.pk]},
            follow=True,
        )
    assert b"Check queued for 1 connection" in response.content
    page = client.get(f"/admin/integrations/connection/{conn.pk}/check/")
    assert page.status_code == 200
    assert b"Course filter honoured" in page.content and b"Passed" in page.content
    assert b"Last check" in client.get("/admin/integrations/connection/").content


def test_mapping_editor_cannot_open_a_connections_check(client, make_connection, probes):
    conn, _, _ = make_connection("docebo")
    client.force_login(_member("Mapping editors"))
    assert client.get(f"/admin/integrations/connection/{conn.pk}/check/").status_code == 403
