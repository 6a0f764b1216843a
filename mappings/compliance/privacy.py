"""The connector's personal data under the hub's privacy rules: document files past their retention.

Registered with the engine when the app is ready (apps.py): the sweep and `manage.py prune`
remove the bytes of a file version `RETAIN_FILES_DAYS` after it reached the ATS (sent, or a link
written, or refused by a limit). The version's row stays, so the file is not downloaded and sent
again; the REST API then answers 404 for its download, and a link written to the ATS stops
working. Files not sent yet, or failed, are kept until resolved.
"""

from django.db.models import QuerySet

from mappings.compliance.models import FileStatus, StaffDocumentFile
from sync.services.retention import RetainedKind, register_retention

SETTLED = [FileStatus.SENT, FileStatus.LINKED, FileStatus.NOT_SENT]


def files_past_retention(cutoff) -> QuerySet:
    return StaffDocumentFile.objects.exclude(content="").filter(status__in=SETTLED, sent_at__lt=cutoff)


def files_remove(versions: QuerySet) -> int:
    """Forget the stored bytes of these versions: the rows first, then the files on disk."""
    stored = list(versions.values_list("pk", "content"))
    StaffDocumentFile.objects.filter(pk__in=[pk for pk, _ in stored]).update(content="")
    storage = StaffDocumentFile._meta.get_field("content").storage
    for _, name in stored:
        storage.delete(name)
    return len(stored)


def register() -> None:
    register_retention(
        RetainedKind(
            name="files",
            days_setting="RETAIN_FILES_DAYS",
            candidates=files_past_retention,
            description="stored bytes of document files that reached the ATS",
            remove=files_remove,
        )
    )
