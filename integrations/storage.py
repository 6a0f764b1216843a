"""Files at rest, encrypted: a file system storage that seals on save and opens on read.

Document files (passports, DBS certificates) are kept on disk under MEDIA_ROOT as Fernet tokens
made with the same keys as the credentials (`integrations.crypto`, FIELD_ENCRYPTION_KEYS): the
first key encrypts, every key decrypts, and `manage.py rotate_encryption_keys` re-seals every
stored file with the first key. Callers keep using `field.save()` and `field.open()`.

Nothing serves MEDIA_ROOT: such a file has no public URL; the REST API's authenticated download
view (`api:file-download`) opens and streams it.
"""

import os

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, storages

from integrations.client.dry_run import dry_run_active
from integrations.crypto import fernet

FERNET_PREFIX = b"gAAAAA"  # a Fernet token's version byte 0x80, base64: never the start of a document


class NotServed(Exception):
    """An encrypted file has no URL: read it through the authenticated REST API."""


class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose bytes on disk are a Fernet token; `open()` gives the clear bytes."""

    def _save(self, name, content):
        if dry_run_active():  # a dry run keeps nothing: its database rows are thrown away, so is the file
            return name
        token = fernet().encrypt(_read_all(content))
        return super()._save(name, ContentFile(token))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("encrypted files are written with save(), not opened for writing")
        clear = open_token(self._raw(name))
        return ContentFile(clear, name=name)

    def size(self, name) -> int:
        return len(open_token(self._raw(name)))

    def url(self, name):
        raise NotServed("encrypted files are served only by the REST API's download view")

    def _raw(self, name) -> bytes:
        with open(self.path(name), "rb") as handle:
            return handle.read()

    def reseal(self, name, *, rotate: bool = True) -> str:
        """Encrypt a file left in the clear, or (`rotate`) re-encrypt it with the first key.

        Returns "encrypted", "rotated", "kept" or "missing"; raises InvalidToken when a token opens
        with none of the keys (an old key was dropped too soon), so nothing is encrypted twice.
        """
        if not self.exists(name):
            return "missing"
        raw = self._raw(name)
        if raw.startswith(FERNET_PREFIX):
            if not rotate:
                return "kept"
            sealed, outcome = fernet().rotate(raw), "rotated"
        else:
            sealed, outcome = fernet().encrypt(raw), "encrypted"
        _replace(self.path(name), sealed)
        return outcome


def open_token(raw: bytes) -> bytes:
    try:
        return fernet().decrypt(raw)
    except InvalidToken as exc:
        raise InvalidToken("a stored file cannot be decrypted with FIELD_ENCRYPTION_KEYS") from exc


def document_storage() -> EncryptedFileSystemStorage:
    """The storage of personal document files (settings.STORAGES["documents"])."""
    return storages["documents"]


def _read_all(content: File) -> bytes:
    chunks = [c.encode() if isinstance(c, str) else c for c in content.chunks()]  # chunks() rewinds first
    return b"".join(chunks)


def _replace(path: str, data: bytes) -> None:
    """Write next to the file, then rename over it: a crash leaves the old or the new, never half."""
    tmp = f"{path}.reseal"
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
