"""Saving a connection in the admin: the request only stores and queues. The connection is tested
by a worker (a wrong password shows on its page at once), and Credentially is subscribed by a
worker with the new webhook password, which never goes on the queue and is erased once used."""

import json
import re

import pytest
import responses
from django.contrib.auth.models import Group, User
from django.db import connection as db

from integrations.client.errors import Unauthorized
from integrations.crypto import matches_hash
from integrations.models import Connection, ConnectionCheck, WebhookRegistration
from integrations.probes import passed

pytestmark = pytest.mark.django_db
CREDENTIALLY = "https://app.credentially.io/webhook-gateway"


@pytest.fixture
def admin_client(client):
    user = User.objects.create_user("admin", password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name="Integration admins"))
    client.force_login(user)
    return client


@pytest.fixture
def probes(monkeypatch):
    """The system's probes, replaced by one that accepts only the key 'right-key'."""

    def credentials(conn):
        """Credentials accepted"""
        if conn.credential("api_key") != "right-key":
            raise Unauthorized("HTTP 401 invalid api key")
        return passed("Credentials accepted", "the key was accepted")

    monkeypatch.setattr("integrations.probes.system_probes", lambda system: [credentials])
    monkeypatch.setattr("integrations.probes._connector_probes", {})


@pytest.fixture
def queued(monkeypatch):
    """Every task sent to the queue, with its arguments (then sent on, run inline in tests)."""
    from sync import queue

    sent, real = [], queue.enqueue

    def record(func, *args, **kwargs):
        sent.append((func, args))
        real(func, *args, **kwargs)

    monkeypatch.setattr("sync.queue.enqueue", record)
    monkeypatch.setattr("integrations.services.enqueue", record)
    return sent


def add(client, system: str, **fields):
    form = {"system": system, "name": system.title(), "slug": f"{system}-1", "region": "", "base_url": ""}
    form.update({"enabled": "on", "notification_email": "", "settings": "{}", **fields})
    return client.post(f"/admin/integrations/connection/add/?system={system}", form)


def mock_credentially(calls: responses.RequestsMock, *, key_ok: bool = True):
    if not key_ok:
        calls.get(f"{CREDENTIALLY}/meta/events", status=401, json={"message": "Invalid API key"})
        return None
    calls.get(f"{CREDENTIALLY}/meta/events", json=[{"type": "PROFILE_COMPLIANCE_STATUS_CHANGED"}])
    calls.get(f"{CREDENTIALLY}/subscriptions", json=[])
    return calls.post(
        f"{CREDENTIALLY}/subscriptions",
        status=201,
        json={"id": "s1", "eventTypes": ["PROFILE_COMPLIANCE_STATUS_CHANGED"]},
    )


def test_adding_credentially_answers_at_once_and_a_worker_subscribes_with_the_password_shown(
    admin_client, probes, queued, django_capture_on_commit_callbacks
):
    with responses.RequestsMock() as calls:
        created = mock_credentially(calls)
        with django_capture_on_commit_callbacks() as on_commit:
            page = add(admin_client, "credentially", cred_api_key="right-key").content.decode()
        assert len(calls.calls) == 0  # nothing was called inside the request
        secret = re.search(r'id="secret-\d+">([^<]+)<', page).group(1)
        assert "a worker subscribes the hub" in page
        registration = WebhookRegistration.objects.get()
        assert registration.status == "queued" and registration.secret == {"password": secret}
        with db.cursor() as cursor:  # at rest the password is encrypted
            cursor.execute("SELECT secret FROM integrations_webhookregistration")
            assert secret not in cursor.fetchone()[0]
        for callback in on_commit:  # the worker's turn
            callback()
        body = json.loads(created.calls[0].request.body)
    assert (body["password"], body["webhookName"]) == (secret, "crosswalk-credentially-1")
    assert all(secret not in json.dumps(args) for _, args in queued)  # the queue saw only row ids
    assert [func for func, _ in queued] == [
        "integrations.tasks.register_webhook",
        "integrations.tasks.check_connection",
    ]
    registration.refresh_from_db()
    assert registration.status == "done" and registration.secret == {}
    assert "Subscribed Crosswalk to Credentially" in registration.message
    assert ConnectionCheck.objects.get().status == "passed"  # the check waited for the subscription
    conn = Connection.objects.get()
    change = admin_client.get(f"/admin/integrations/connection/{conn.pk}/change/").content.decode()
    assert "✔ Subscribed Crosswalk to Credentially" in change and "✔ Passed at" in change
    assert matches_hash(secret, conn.webhook_secret_hash)


def test_a_refused_subscription_is_told_in_words_and_the_password_is_erased(
    admin_client, probes, django_capture_on_commit_callbacks
):
    with responses.RequestsMock() as calls, django_capture_on_commit_callbacks(execute=True):
        mock_credentially(calls, key_ok=False)
        page = add(admin_client, "credentially", cred_api_key="wrong-key").content.decode()
    assert re.search(r'id="secret-\d+">([^<]+)<', page)  # the credentials are still shown once
    registration = WebhookRegistration.objects.get()
    assert registration.status == "failed" and registration.secret == {}
    assert registration.message.startswith("Credentially refused the connection's credentials")
    assert "Rotate webhook credentials" in registration.message and "Unauthorized" in registration.detail
    progress = admin_client.get(f"/admin/integrations/connection/{registration.connection_id}/progress/").json()
    assert progress["pending"] is False
    assert "Not subscribed" in progress["registration"] and "Technical detail" in progress["registration"]
    assert "refused the credentials" in progress["check"]


def test_running_a_subscription_twice_subscribes_once(make_connection, django_capture_on_commit_callbacks):
    from integrations.services import connection_webhook_register_request, connection_webhook_register_run

    conn, username, secret = make_connection("credentially", credentials={"api_key": "k"})
    registration = connection_webhook_register_request(connection=conn, username=username, secret=secret)
    with responses.RequestsMock() as calls:
        created = mock_credentially(calls)
        connection_webhook_register_run(registration_id=registration.pk)
        again = connection_webhook_register_run(registration_id=registration.pk)
        assert len(created.calls) == 1 and again.status == "done"


def test_saving_a_wrong_key_shows_the_test_failing_on_the_change_page(
    admin_client, make_connection, probes, django_capture_on_commit_callbacks
):
    conn, _, _ = make_connection("certn", credentials={"api_key": "right-key"})
    form = {
        "system": "certn",
        "name": conn.name,
        "slug": conn.slug,
        "region": "CA",
        "base_url": "",
        "enabled": "on",
        "notification_email": "",
        "settings": "{}",
        "cred_api_key": "mistyped-key",
        "_save": "Save",
    }
    with django_capture_on_commit_callbacks() as on_commit:
        answer = admin_client.post(f"/admin/integrations/connection/{conn.pk}/change/", form, follow=True)
    page = answer.content.decode()
    assert answer.redirect_chain[-1][0] == f"/admin/integrations/connection/{conn.pk}/change/"
    assert "It is being tested now" in page and "⏳ Testing since" in page and "data-progress-url" in page
    for callback in on_commit:
        callback()
    page = admin_client.get(f"/admin/integrations/connection/{conn.pk}/change/").content.decode()
    assert "✘ Failed at" in page and "Credentials accepted" in page and "refused the credentials" in page
    assert "What to do:</strong> Enter the current credentials and save." in page
    assert admin_client.get(f"/admin/integrations/connection/{conn.pk}/progress/").json()["pending"] is False


def test_adding_a_connection_to_a_sandbox_offers_to_carry_the_credentials_to_its_webhook_form(
    admin_client, probes, django_capture_on_commit_callbacks
):
    from integrations.docebo.sandbox import EMULATOR

    page = add(admin_client, "docebo", base_url=EMULATOR.base_url(), cred_client_id="c", cred_client_secret="s")
    page = page.content.decode()
    secret = re.search(r'id="secret-\d+">([^<]+)<', page).group(1)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*class="sandbox-fill">(.*?)</form>', page, re.S)
    assert form.group(1) == "/sandbox/docebo/_webhook/fill/"
    assert f'name="secret" value="{secret}"' in form.group(2)
    assert not re.search(rf'href="[^"]*{re.escape(secret)}', page)  # in a form body, never in a link


def test_a_connection_to_a_real_vendor_gets_no_sandbox_button(admin_client, probes):
    page = add(
        admin_client, "docebo", base_url="https://acme.docebosaas.com", cred_client_id="c", cred_client_secret="s"
    )
    assert "sandbox-fill" not in page.content.decode()


def test_rotating_credentially_credentials_subscribes_again_from_a_worker(
    admin_client, make_connection, probes, django_capture_on_commit_callbacks
):
    conn, _, _ = make_connection("credentially", credentials={"api_key": "right-key"})
    action = {"action": "rotate_webhook_secret", "_selected_action": [conn.pk], "confirmed": "yes"}
    with responses.RequestsMock() as calls:
        created = mock_credentially(calls)
        with django_capture_on_commit_callbacks(execute=True):
            page = admin_client.post("/admin/integrations/connection/", action).content.decode()
        secret = re.search(r'id="secret-\d+">([^<]+)<', page).group(1)
        assert json.loads(created.calls[0].request.body)["password"] == secret
    assert WebhookRegistration.objects.get().status == "done"


def test_help_texts_show_their_placeholders_instead_of_losing_them_as_html(admin_client):
    page = admin_client.get("/admin/integrations/connection/add/?system=certn").content.decode()
    assert "https://client.certn.co/&lt;region&gt;" in page
