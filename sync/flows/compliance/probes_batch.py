"""Connection check line for the batched document write (ats/icims.py `write_batch`): that iCIMS
adds the new groups of a collection sent in a person PATCH and keeps the others is not in iCIMS's
documentation (contract §2.3, unconfirmed). Read-only, it looks at the person the hub last sent a
batched version to: every version the hub sent that person must still have its group there. A
tenant that replaced the collection instead would show the earlier groups missing.
"""

from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.compliance.models import FileStatus, StaffDocumentFile
from sync.flows.compliance.ats.icims import IcimsAts

NAME = "Document groups sent in a person update are kept"
LANDED = (FileStatus.SENT, FileStatus.LINKED)


def batched_groups_kept(connection) -> CheckLine:
    adapter = IcimsAts(connection)
    if not adapter.batches_documents():
        return skipped(
            NAME,
            "Documents are sent one collection group per POST, as iCIMS documents it (or to a single file "
            "field). 'documents_batch_groups': true saves a call per version from the second one; turn it on "
            "for a test person first and run this check after their sync.",
        )
    latest = (
        StaffDocumentFile.objects.filter(document__staff__ats_connection=connection, status__in=LANDED)
        .filter(ats_ref__contains=" group of file ")
        .select_related("document__staff")
        .order_by("-sent_at")
        .first()
    )
    if latest is None:
        return skipped(
            NAME,
            "No document version has been sent with a person update yet. Each sync reads back the groups it "
            "adds and fails a version whose group iCIMS did not keep; run this check again after the first sync.",
        )
    staff, collection = latest.document.staff, adapter.documents_collection()
    ours = set(
        StaffDocumentFile.objects.filter(document__staff=staff, status__in=LANDED).values_list("file_id", flat=True)
    )
    held = adapter.client.get_person(staff.ats_person_id, fields=[collection]).get(collection) or []
    missing = sorted(ours - {str(group.get("credentiallyfileid")) for group in held})
    if not missing:
        return passed(
            NAME,
            f"iCIMS person {staff.ats_person_id} holds a {collection} group for each of the "
            f"{len(ours)} version(s) the hub sent.",
        )
    return failed(
        NAME,
        f"iCIMS person {staff.ats_person_id} holds no {collection} group for Credentially file(s) "
        f"{', '.join(missing)}, which the hub sent: this tenant may replace a collection sent in a person "
        "update instead of adding to it.",
        "On this iCIMS connection set 'documents_batch_groups' to false (one POST per group, as iCIMS "
        "documents it), then ask your iCIMS consultant to restore the missing attachment groups or clear "
        "these people's document history in Crosswalk so the next sync sends them again.",
    )


register_connector_probe(system="icims", probe=batched_groups_kept)
