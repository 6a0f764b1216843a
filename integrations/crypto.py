"""Secrets at rest: Fernet encryption with key rotation, and keyed hashes for webhook secrets.

`FIELD_ENCRYPTION_KEYS` is a list; the first key encrypts, every key decrypts, so a new key
can be put first and `manage.py rotate_encryption_keys` re-encrypts rows at leisure.
"""

import functools
import hashlib
import hmac
import json
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_json(value: dict) -> str:
    return fernet().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ValueError("credentials cannot be decrypted with FIELD_ENCRYPTION_KEYS") from exc


def _hash_key() -> bytes:
    key = settings.WEBHOOK_HASH_KEY or hashlib.sha256(b"webhook-hash:" + settings.SECRET_KEY.encode()).hexdigest()
    return key.encode()


def keyed_hash(secret: str) -> str:
    """A keyed SHA-256 of a random 32-byte secret: fast to check, useless if the DB leaks alone."""
    return hmac.new(_hash_key(), secret.encode(), hashlib.sha256).hexdigest()


def matches_hash(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(keyed_hash(secret), stored_hash)


def new_secret() -> str:
    return secrets.token_urlsafe(32)
