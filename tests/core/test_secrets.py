"""Secrets at rest: encrypted, rotatable, webhook secrets stored only as a keyed hash."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection as db

from integrations.crypto import matches_hash
from integrations.models import Connection

pytestmark = pytest.mark.django_db


def raw_credentials(pk) -> str:
    with db.cursor() as cursor:
        cursor.execute("SELECT credentials FROM integrations_connection WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_credentials_are_encrypted_in_the_database(make_connection):
    conn, _, _ = make_connection("certn", credentials={"api_key": "very-secret-key"})
    assert "very-secret-key" not in raw_credentials(conn.pk)
    assert Connection.objects.get(pk=conn.pk).credential("api_key") == "very-secret-key"


def test_key_rotation_keeps_old_rows_readable_and_rewrites_them(make_connection, settings):
    from django.core.management import call_command

    conn, _, _ = make_connection("certn", credentials={"api_key": "k1"})
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Connection.objects.get(pk=conn.pk).credential("api_key") == "k1"
    call_command("rotate_encryption_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Connection.objects.get(pk=conn.pk).credential("api_key") == "k1"


def test_webhook_secret_is_generated_once_and_only_its_hash_kept(make_connection):
    conn, username, secret = make_connection("icims")
    assert username == "crosswalk-icims-test" and len(secret) >= 43
    conn.refresh_from_db()
    assert secret not in conn.webhook_secret_hash and matches_hash(secret, conn.webhook_secret_hash)
    assert not matches_hash(secret + "x", conn.webhook_secret_hash)
