"""The admin as people use it: groups, write-only secrets, the webhook secret shown once, actions."""

import re

import pytest
from django.contrib.auth.models import Group, User

from integrations.crypto import matches_hash
from integrations.models import Connection
from sync.models import InboundEvent, Run

pytestmark = pytest.mark.django_db


def member_of(group: str) -> User:
    user = User.objects.create_user(group.split()[0].lower(), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(member_of("Integration admins"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("Mapping editors"))
    return client


def test_mapping_editor_cannot_see_or_change_connections_or_credentials(editor_client, make_connection):
    conn, _, _ = make_connection("certn", credentials={"api_key": "k"})
    assert editor_client.get("/admin/integrations/connection/").status_code == 403
    assert editor_client.get(f"/admin/integrations/connection/{conn.pk}/change/").status_code == 403
    assert editor_client.post(f"/admin/integrations/connection/{conn.pk}/change/", {"name": "x"}).status_code == 403


def test_mapping_editor_reads_runs_and_events_but_cannot_change_flows(editor_client, make_connection):
    make_connection("docebo")
    assert editor_client.get("/admin/sync/run/").status_code == 200
    assert editor_client.get("/admin/sync/inboundevent/").status_code == 200
    assert editor_client.get("/admin/sync/flow/").status_code == 200
    assert not User.objects.get(username="mapping").has_perm("sync.change_flow")
    assert User.objects.get(username="mapping").has_perm("sync.replay_event")


def test_saved_secret_is_never_shown_again(admin_client, make_connection):
    conn, _, _ = make_connection("certn", credentials={"api_key": "super-secret-api-key"})
    page = admin_client.get(f"/admin/integrations/connection/{conn.pk}/change/").content.decode()
    assert "super-secret-api-key" not in page
    assert "Set. Leave blank to keep it" in page


def test_blank_secret_keeps_the_old_one_and_a_new_value_replaces_it(admin_client, make_connection):
    conn, _, _ = make_connection("certn", credentials={"api_key": "old", "webhook_secret": "w"})
    form = {
        "system": "certn",
        "name": "Certn CA",
        "slug": conn.slug,
        "region": "UK",
        "base_url": "",
        "enabled": "on",
        "notification_email": "",
        "settings": "{}",
        "cred_api_key": "",
        "cred_webhook_secret": "",
    }
    assert admin_client.post(f"/admin/integrations/connection/{conn.pk}/change/", form).status_code == 302
    conn.refresh_from_db()
    assert conn.credentials == {"api_key": "old", "webhook_secret": "w"}
    assert conn.api_base_url == "https://api.uk.certn.co"
    admin_client.post(f"/admin/integrations/connection/{conn.pk}/change/", {**form, "cred_api_key": "new"})
    conn.refresh_from_db()
    assert conn.credentials["api_key"] == "new"


def test_adding_a_connection_shows_its_webhook_credentials_once(admin_client):
    chooser = admin_client.get("/admin/integrations/connection/add/")
    assert b"?system=icims" in chooser.content
    form = {
        "system": "icims",
        "name": "iCIMS",
        "slug": "icims-prod",
        "region": "",
        "base_url": "",
        "enabled": "on",
        "notification_email": "",
        "settings": "{}",
        "cred_username": "api",
        "cred_password": "pw",
        "setting_customer_id": "1234",
    }
    page = admin_client.post("/admin/integrations/connection/add/?system=icims", form).content.decode()
    conn = Connection.objects.get(slug="icims-prod")
    secret = re.search(r'id="secret-\d+">([^<]+)<', page).group(1)
    assert matches_hash(secret, conn.webhook_secret_hash)
    assert "http://" in page and "/hooks/icims-prod/" in page
    assert conn.settings["customer_id"] == "1234" and conn.credentials == {"username": "api", "password": "pw"}
    again = admin_client.get(f"/admin/integrations/connection/{conn.pk}/change/").content.decode()
    assert secret not in again


def test_rotate_asks_first_then_shows_new_credentials(admin_client, make_connection):
    conn, _, old = make_connection("docebo")
    url = "/admin/integrations/connection/"
    confirm = admin_client.post(url, {"action": "rotate_webhook_secret", "_selected_action": [conn.pk]})
    assert b"Yes, rotate" in confirm.content
    conn.refresh_from_db()
    assert matches_hash(old, conn.webhook_secret_hash)
    done = admin_client.post(
        url, {"action": "rotate_webhook_secret", "_selected_action": [conn.pk], "confirmed": "yes"}
    ).content.decode()
    conn.refresh_from_db()
    new = re.search(r'id="secret-\d+">([^<]+)<', done).group(1)
    assert matches_hash(new, conn.webhook_secret_hash) and not matches_hash(old, conn.webhook_secret_hash)


def test_replay_action_queues_events_again(admin_client, make_connection, flow, django_capture_on_commit_callbacks):
    conn, _, _ = make_connection("docebo")
    event = InboundEvent.objects.create(
        connection=conn, event_type="test.event", dedupe_key="x", payload={}, status="dead"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/sync/inboundevent/", {"action": "replay", "_selected_action": [event.pk]}, follow=True
        )
    assert b"1 event(s) queued again" in response.content
    event.refresh_from_db()
    assert event.status == "succeeded"  # Q_SYNC in tests: the queued task ran


def test_run_now_enqueues_and_reports(admin_client, flow):
    from sync.services.flows import flows_sync

    flows_sync()
    from sync.models import Flow

    row = Flow.objects.get(key="test.flow")
    response = admin_client.post("/admin/sync/flow/", {"action": "run_now", "_selected_action": [row.pk]}, follow=True)
    assert b"1 run(s) queued" in response.content
    assert Run.objects.filter(flow=row, trigger="manual").count() == 1


def test_admin_lists_are_filterable_and_searchable(admin_client):
    for path in [
        "integrations/connection",
        "sync/inboundevent",
        "sync/run",
        "sync/record",
        "sync/link",
        "sync/flow",
        "sync/notification",
    ]:
        page = admin_client.get(f"/admin/{path}/?q=x")
        assert page.status_code == 200, path
        assert b'id="searchbar"' in page.content, path


def test_region_field_explains_the_systems_hosts(admin_client):
    page = admin_client.get("/admin/integrations/connection/add/?system=credentially").content.decode()
    assert "us and ca are its US and Canada hosts" in page
