"""The connector's personal data under the hub's privacy rules (registered in apps.py).

Retention: the sweep and `manage.py prune` remove the bytes of a file version `RETAIN_FILES_DAYS`
after it reached the ATS (sent, or a link written, or refused by a limit). The version's row
stays, so the file is not downloaded and sent again; the REST API then answers 404 for its
download, and a link written to the ATS stops working. Files not sent yet, or failed, are kept.

"Forget this person": the mirror knows the person's names and their ids in Credentially and the
ATS (so the engine finds the events, records and links keyed by them), and its rows about them
(staff member, documents, file versions and their files) are erased.
"""

from django.db.models import QuerySet

from mappings.compliance.models import FileStatus, StaffDocument, StaffDocumentFile, StaffRecord
from sync.services.erasure import Person, register_person_eraser, register_person_finder
from sync.services.retention import RetainedKind, register_retention

SETTLED = [FileStatus.SENT, FileStatus.LINKED, FileStatus.NOT_SENT]


def files_past_retention(cutoff) -> QuerySet:
    return StaffDocumentFile.objects.exclude(content="").filter(status__in=SETTLED, sent_at__lt=cutoff)


def files_remove(versions: QuerySet) -> int:
    """Forget the stored bytes of these versions: the rows first, then the files on disk."""
    stored = list(versions.exclude(content="").values_list("pk", "content"))
    StaffDocumentFile.objects.filter(pk__in=[pk for pk, _ in stored]).update(content="")
    storage = StaffDocumentFile._meta.get_field("content").storage
    for _, name in stored:
        storage.delete(name)
    return len(stored)


def _staff_of(person: Person) -> QuerySet:
    return StaffRecord.objects.filter(email__iexact=person.email).select_related("ats_connection")


def find_person(person: Person) -> None:
    for staff in _staff_of(person):
        person.names.add(f"{staff.first_name} {staff.last_name}".strip())
        person.refs.add(("credentially", staff.profile_id))
        ats = staff.ats_connection.system
        person.refs |= {(ats, ref) for ref in (staff.ats_person_id, staff.ats_workflow_id) if ref}


def erase_person(person: Person) -> dict[str, int]:
    staff = list(_staff_of(person).values_list("pk", flat=True))
    versions = StaffDocumentFile.objects.filter(document__staff__in=staff)
    counts = {
        "file_versions": versions.count(),
        "files": files_remove(versions),
        "documents": StaffDocument.objects.filter(staff__in=staff).count(),
    }
    counts["staff"] = StaffRecord.objects.filter(pk__in=staff).delete()[1].get(StaffRecord._meta.label, 0)
    return counts


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
    register_person_finder(find_person)
    register_person_eraser("compliance", erase_person)
