"""`manage.py rotate_encryption_keys`: re-encrypt every stored secret with the first key.

Put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this, then
drop the old keys. Reading decrypts with any listed key; writing always uses the first.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from integrations.models import Connection


class Command(BaseCommand):
    help = "Re-encrypt all connection credentials with the first FIELD_ENCRYPTION_KEYS key."

    @transaction.atomic
    def handle(self, *args, **options):
        connections = list(Connection.objects.only("pk", "credentials"))
        for conn in connections:
            Connection.objects.filter(pk=conn.pk).update(credentials=conn.credentials)
        self.stdout.write(f"re-encrypted the credentials of {len(connections)} connection(s)")
