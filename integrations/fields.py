"""A JSON field stored encrypted (Fernet) in a text column."""

from django.db import models

from integrations.crypto import decrypt_json, encrypt_json


class EncryptedJSONField(models.TextField):
    description = "A dict of secrets, encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return decrypt_json(value) if value else {}

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        return decrypt_json(value) if value else {}

    def get_prep_value(self, value):
        return encrypt_json(value or {})
