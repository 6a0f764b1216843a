"""`manage.py rotate_encryption_keys`: re-encrypt every stored secret and file with the first key.

Put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this, then
drop the old keys. Reading decrypts with any listed key; writing always uses the first. Stored
files (every FileField kept on an EncryptedFileSystemStorage: the compliance document files) are
re-sealed one by one, each written beside the old and renamed over it; a file still in the clear
is encrypted.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from integrations.models import Connection
from integrations.storage import EncryptedFileSystemStorage


class Command(BaseCommand):
    help = "Re-encrypt all connection credentials and stored files with the first FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        with transaction.atomic():
            connections = list(Connection.objects.only("pk", "credentials"))
            for conn in connections:
                Connection.objects.filter(pk=conn.pk).update(credentials=conn.credentials)
        self.stdout.write(f"re-encrypted the credentials of {len(connections)} connection(s)")
        outcomes = {"rotated": 0, "encrypted": 0, "missing": 0}
        for model, field in encrypted_file_fields():
            names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in names.iterator():
                outcomes[field.storage.reseal(name)] += 1
        self.stdout.write(
            f"re-encrypted {outcomes['rotated']} stored file(s), encrypted {outcomes['encrypted']} "
            f"left in the clear, {outcomes['missing']} missing on disk"
        )


def encrypted_file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedFileSystemStorage):
                yield model, field
