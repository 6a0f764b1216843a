"""Document files at rest: encrypted with the credentials' keys, rotated with them, never served from disk."""

import importlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from tests.compliance.conftest import mock_credentially_reads, mock_icims_writes, run_sync_back

pytestmark = pytest.mark.django_db
CLEAR = b"%PDF-1.4 passport of Amara Okafor"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def stored_version(staff, http):
    from mappings.compliance.models import StaffDocumentFile

    mock_credentially_reads(http, file_bytes=CLEAR)
    mock_icims_writes(http)
    run_sync_back(staff.credentially_connection)
    return StaffDocumentFile.objects.exclude(content="").get()


def files_on_disk(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_stored_document_file_is_not_readable_on_disk_without_the_key(staff, http, media, settings):
    version = stored_version(staff, http)

    [path] = files_on_disk(media)
    raw = path.read_bytes()
    assert CLEAR not in raw and b"%PDF" not in raw and b"Okafor" not in raw
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(raw)
    assert Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(raw) == CLEAR
    with version.content.open("rb") as handle:  # callers read the clear bytes, as before
        assert handle.read() == CLEAR


def test_download_through_the_api_gives_the_clear_bytes(staff, http, client, django_user_model):
    version = stored_version(staff, http)
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))

    response = client.get(f"/api/files/{version.pk}/download/")

    assert response.status_code == 200 and b"".join(response.streaming_content) == CLEAR


def test_media_root_has_no_public_url(staff, http, client):
    from integrations.storage import NotServed

    version = stored_version(staff, http)

    assert client.get(f"/media/{version.content.name}").status_code == 404
    assert client.get(f"/{version.content.name}").status_code == 404
    with pytest.raises(NotServed):
        version.content.url


def test_file_version_admin_page_links_the_api_download(staff, http, client, django_user_model):
    version = stored_version(staff, http)
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))

    page = client.get(f"/admin/compliance/staffdocumentfile/{version.pk}/change/")

    assert page.status_code == 200 and f"/api/files/{version.pk}/download/".encode() in page.content


def test_rotating_the_keys_re_encrypts_stored_files(staff, http, media, settings):
    version = stored_version(staff, http)
    [path] = files_on_disk(media)
    before = path.read_bytes()
    old_key, new_key = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("rotate_encryption_keys")

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key dropped: the file still opens
    assert path.read_bytes() != before
    assert Fernet(new_key.encode()).decrypt(path.read_bytes()) == CLEAR
    with version.content.open("rb") as handle:
        assert handle.read() == CLEAR


def test_files_left_in_the_clear_by_an_older_release_are_encrypted_by_the_migration(staff, http, media):
    from django.apps import apps

    version = stored_version(staff, http)
    [path] = files_on_disk(media)
    path.write_bytes(CLEAR)  # as the release before this one wrote it
    migration = importlib.import_module("mappings.compliance.migrations.0006_documents_encrypted_at_rest")

    migration.encrypt_clear_files(apps, None)
    sealed = path.read_bytes()
    migration.encrypt_clear_files(apps, None)  # a second run leaves encrypted files alone

    assert CLEAR not in sealed and path.read_bytes() == sealed
    with version.content.open("rb") as handle:
        assert handle.read() == CLEAR


def test_rotate_command_encrypts_a_file_left_in_the_clear(staff, http, media):
    version = stored_version(staff, http)
    [path] = files_on_disk(media)
    path.write_bytes(CLEAR)

    call_command("rotate_encryption_keys")

    assert CLEAR not in path.read_bytes()
    with version.content.open("rb") as handle:
        assert handle.read() == CLEAR
