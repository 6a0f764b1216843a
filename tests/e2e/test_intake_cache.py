"""A running server applies a disable or a rotated secret at once: intake keeps connections in
memory per process, and a change made through the service bumps the shared version key."""

import json

import pytest

from integrations.models import Connection
from integrations.services import connection_issue_webhook_secret
from tests.conftest import basic_auth

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def delivery(message_id: str) -> bytes:
    return json.dumps({"message_id": message_id, "webhook_id": 1, "event": "user.created", "payload": {"user_id": 1}})


def test_a_rotated_secret_and_a_disable_apply_at_once_to_the_running_server(live_hub, make_connection):
    conn, user, old = make_connection("docebo", slug="docebo-rotate", base_url="https://acme.docebosaas.com")
    headers = {"Content-Type": "application/json"}
    url = f"/hooks/{conn.slug}/"
    # every web process answers from memory after its first delivery: warm them all
    for i in range(6):
        assert (
            live_hub.post(
                url, data=delivery(f"w{i}"), headers={**headers, "Authorization": basic_auth(user, old)}
            ).status_code
            == 202
        )

    _, new = connection_issue_webhook_secret(connection=conn)
    for i in range(4):
        old_answer = live_hub.post(
            url, data=delivery(f"o{i}"), headers={**headers, "Authorization": basic_auth(user, old)}
        )
        assert old_answer.status_code == 401
    assert (
        live_hub.post(url, data=delivery("n1"), headers={**headers, "Authorization": basic_auth(user, new)}).status_code
        == 202
    )

    conn = Connection.objects.get(pk=conn.pk)
    conn.enabled = False
    conn.save()
    for i in range(4):
        gone = live_hub.post(url, data=delivery(f"d{i}"), headers={**headers, "Authorization": basic_auth(user, new)})
        assert gone.status_code == 404
