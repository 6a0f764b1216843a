"""Documents for an ATS that takes new versions in the person write itself (iCIMS's collection
layout, see ats/icims.py `write_batch`): versions are claimed and downloaded first, the documents
log is written as it will stand once they land, and one write carries the mapped values and
every new version's metadata group; then each file goes into its group.

Exactly-once as in documents.py: a version is claimed before anything is written, settled as its
file lands, released on a transient error (the retry sends the same groups again, which iCIMS
ignores as duplicates, and finds them by their metadata).
"""

from dataclasses import dataclass

from integrations.client.errors import PermanentError, TransientError
from mappings.compliance import services
from mappings.compliance.models import FileStatus, StaffDocumentFile
from sync.flows.compliance.ats import DocumentVersion
from sync.flows.compliance.documents import (
    DocumentsResult,
    _file_id,
    _version_meta,
    credentially_limits,
    download_url,
)


@dataclass
class Outgoing:
    version: StaffDocumentFile
    meta: DocumentVersion
    group: dict  # the collection group's metadata children
    content: bytes | None  # None: a link to the hub's copy (the file is over a limit)
    status: str  # what the version becomes once written
    ref: str
    reason: str = ""


def prepare_documents(*, staff, documents, client, adapter) -> tuple[DocumentsResult, list[Outgoing]]:
    """Mirror the documents read, claim and download each version not sent yet. Nothing is written
    to the ATS here; a version that cannot go at all is settled now."""
    result, outgoing = DocumentsResult(), []
    for doc in documents:
        _, _, unavailable = services.document_upsert(staff=staff, doc=doc)
        result.unavailable += [f"{doc.type_name or doc.type_key} v{n}" for n in unavailable]
    pending = services.files_to_send(staff=staff)
    limits = [adapter.file_limits(), credentially_limits(staff.credentially_connection)] if pending else []
    claimed = [v for v in pending if services.file_claim(version=v)]
    try:
        for version in claimed:
            item = _prepare(staff, version, client, adapter, limits, result)
            if item is not None:
                outgoing.append(item)
    except TransientError:
        for version in claimed:
            services.file_release(version=version)  # only a version still pending is released
        raise
    return result, outgoing


def _prepare(staff, version, client, adapter, limits, result: DocumentsResult) -> Outgoing | None:
    try:
        content, filename, content_type = client.download_document(
            staff.profile_id, version.document.document_id, file_id=_file_id(version.file_id)
        )
    except PermanentError as exc:
        services.file_settle(version=version, status=FileStatus.FAILED, reason=str(exc))
        result.failed.append(f"{version.file_name or version.file_id}: {exc}")
        return None
    services.file_store_content(version=version, content=content, filename=filename, content_type=content_type)
    meta = _version_meta(version)
    reason = next((r for r in (lim.refusal(filename=meta.filename, size=version.size) for lim in limits) if r), "")
    if not reason:
        ref = adapter.batch_ref(meta)
        return Outgoing(version, meta, adapter.group_values(meta), content, FileStatus.SENT, ref)
    group = adapter.link_values(meta, download_url(version), reason)
    result.not_sent.append(f"{meta.filename}: {reason}")
    if group is None:  # links switched off: nothing goes to the ATS for this version
        services.file_settle(version=version, status=FileStatus.NOT_SENT, reason=reason)
        return None
    return Outgoing(version, meta, group, None, FileStatus.LINKED, adapter.batch_ref(meta) + " (link)", reason)


def planned(outgoing: list[Outgoing]) -> dict:
    """{version pk: (status, ref)}: the documents log as it stands once the batch has landed."""
    return {item.version.pk: (item.status, item.ref) for item in outgoing}


def send_batch(*, staff, adapter, values: dict, outgoing: list[Outgoing], result: DocumentsResult) -> int:
    """The one person write and the files; returns the write calls made."""
    settled: set[int] = set()
    uploads = 0
    try:
        for item, error in adapter.write_batch(staff.ats_person_id, values, outgoing):
            settled.add(item.version.pk)
            if error is not None:
                services.file_settle(version=item.version, status=FileStatus.FAILED, reason=str(error))
                result.failed.append(f"{item.meta.filename}: {error}")
                continue
            services.file_settle(version=item.version, status=item.status, reason=item.reason, ats_ref=item.ref)
            result.sent += item.status == FileStatus.SENT
            uploads += item.content is not None
    except (TransientError, PermanentError):
        # The person write (or the read of its groups) did not go through: every version not yet
        # settled is left for the retry, as the claims are released, and the person's sync fails.
        for item in outgoing:
            if item.version.pk not in settled:
                services.file_release(version=item.version)
        raise
    return 1 + uploads
