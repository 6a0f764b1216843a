"""Documents: every file version Credentially shows us goes to the ATS once, within both systems' limits.

Credentially's API shows only a document's current file (and a count of versions), so every
file id seen is kept (StaffDocumentFile); a new id is a new version and is downloaded and sent.
On a person's first sync (just linked) that is every document's current file, whatever its age;
the versions before it, which the API no longer shows, are named in the run's record and in the
documents log, so nobody takes their absence from the ATS for a lost file.
Files over a limit are kept here, not sent, the reason stored per version, and the hub's
download link is written to the ATS instead where the ATS has a place for it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from integrations.client.errors import PermanentError, TransientError
from mappings.compliance import services
from mappings.compliance.models import FileStatus, StaffDocumentFile
from sync.flows.compliance.ats import DocumentVersion, FileLimits

# Credentially publishes no limits (contract §4.3, unconfirmed): the contract's emulator values.
CREDENTIALLY_DEFAULT_BYTES = 20 * 1024 * 1024
CREDENTIALLY_DEFAULT_TYPES = ("pdf", "jpg", "jpeg", "png", "heic", "doc", "docx")
UNAVAILABLE = (
    "not available: Credentially's API shows only a document's current file, and this version was "
    "replaced before the hub first read it (uploaded before the person was linked, or between two reads)"
)


@dataclass
class DocumentsResult:
    sent: int = 0
    not_sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)  # "Passport v1": versions the API no longer shows

    @property
    def changed(self) -> int:
        return self.sent + len(self.not_sent) + len(self.failed)


def credentially_limits(connection) -> FileLimits:
    return FileLimits.from_settings(
        connection, default_bytes=CREDENTIALLY_DEFAULT_BYTES, default_types=CREDENTIALLY_DEFAULT_TYPES
    )


def sync_documents(*, staff, documents, client, adapter) -> DocumentsResult:
    """Mirror the documents read, then send each version not sent yet. Returns what happened."""
    result = DocumentsResult()
    for doc in documents:
        _, _, unavailable = services.document_upsert(staff=staff, doc=doc)
        result.unavailable += [f"{doc.type_name or doc.type_key} v{n}" for n in unavailable]
    pending = services.files_to_send(staff=staff)
    if not pending:
        return result
    limits = [adapter.file_limits(), credentially_limits(staff.credentially_connection)]
    for version in pending:
        if services.file_claim(version=version):
            _send_version(staff, version, client, adapter, limits, result)
    return result


def _send_version(staff, version: StaffDocumentFile, client, adapter, limits, result: DocumentsResult) -> None:
    try:
        content, filename, content_type = client.download_document(
            staff.profile_id, version.document.document_id, file_id=_file_id(version.file_id)
        )
        services.file_store_content(version=version, content=content, filename=filename, content_type=content_type)
        meta = _version_meta(version)
        reason = next((r for r in (lim.refusal(filename=meta.filename, size=version.size) for lim in limits) if r), "")
        if reason:
            ref = adapter.send_document_link(staff.ats_person_id, meta, download_url(version), reason)
            status = FileStatus.LINKED if ref else FileStatus.NOT_SENT
            services.file_settle(version=version, status=status, reason=reason, ats_ref=ref or "")
            result.not_sent.append(f"{meta.filename}: {reason}")
            return
        ref = adapter.send_document(staff.ats_person_id, meta, content)
        services.file_settle(version=version, status=FileStatus.SENT, ats_ref=ref)
        result.sent += 1
    except TransientError:
        services.file_release(version=version)  # let the retry of this run take it again at once
        raise
    except PermanentError as exc:
        services.file_settle(version=version, status=FileStatus.FAILED, reason=str(exc))
        result.failed.append(f"{version.file_name or version.file_id}: {exc}")


def _file_id(value: str):
    return int(value) if value.isdigit() else value  # int64 in the contract (§1.4)


def _version_meta(version: StaffDocumentFile) -> DocumentVersion:
    doc = version.document
    return DocumentVersion(
        document_name=doc.type_name or doc.type_key,
        document_type=doc.type_key,
        file_id=version.file_id,
        filename=version.file_name or f"{version.file_id}.bin",
        content_type=version.content_type or "application/octet-stream",
        issued=version.issued,
        expiry=version.expiry,
        number=version.number,
        status=doc.status,
    )


def download_url(version: StaffDocumentFile) -> str:
    return settings.HUB_BASE_URL + reverse("api:file-download", args=[version.pk])


def documents_summary(staff, planned: dict | None = None) -> str:
    """The documents log written to the ATS: every version with its metadata and where it went,
    and the versions Credentially's API no longer shows (so never reached the hub). `planned`
    ({version pk: (status, ref)}) tells where versions in the same write as this log will be."""
    lines = []
    files = (
        StaffDocumentFile.objects.filter(document__staff=staff)
        .select_related("document")
        .order_by("document__type_name", "document_id", "version", "seen_at", "id")
    )
    by_document: dict[int, list[StaffDocumentFile]] = {}
    for f in files:
        if planned and f.pk in planned:
            f.status, f.ats_ref = planned[f.pk]
        by_document.setdefault(f.document_id, []).append(f)
    for versions in by_document.values():
        lines += _document_lines(versions)
    return "\n".join(lines)


def _document_lines(files: list[StaffDocumentFile]) -> list[str]:
    doc = files[0].document
    name = doc.type_name or doc.type_key
    numbered = {f.version or index: f for index, f in enumerate(files, start=1)}
    lines = []
    for number in range(1, max([doc.versions, *numbered]) + 1):
        f = numbered.get(number)
        if f is None:
            lines.append(f"{name} v{number}: {UNAVAILABLE}")
            continue
        parts = [f"{name} v{number}", f"file {f.file_id} {f.file_name}".strip()]
        parts += [
            label + str(v) for label, v in (("issued ", f.issued), ("expires ", f.expiry), ("no. ", f.number)) if v
        ]
        where = {
            FileStatus.SENT: f"sent ({f.ats_ref})",
            FileStatus.LINKED: f"not sent: {f.reason}; link written",
            FileStatus.NOT_SENT: f"not sent: {f.reason}",
            FileStatus.FAILED: f"failed: {f.reason}",
            FileStatus.PENDING: "waiting",
        }[f.status]
        lines.append(", ".join(parts) + f": {where}")
    return lines
