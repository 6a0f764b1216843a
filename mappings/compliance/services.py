"""The only writers of the connector's mirror (staff, documents, file versions, poll times)."""

from datetime import UTC

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from mappings.compliance.models import (
    AtsCallDay,
    FileStatus,
    PollState,
    ProfileFieldCatalogue,
    StaffDocument,
    StaffDocumentFile,
    StaffRecord,
)

CLAIM_SECONDS = 600  # a file version claimed by a worker that died is taken again after this


def staff_record_save(
    *,
    credentially_connection,
    profile_id: str,
    ats_connection,
    person_id: str,
    workflow_id: str = "",
    job_id: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str,
    phone: str = "",
    role_name: str = "",
) -> StaffRecord:
    staff, _ = StaffRecord.objects.update_or_create(
        credentially_connection=credentially_connection,
        profile_id=profile_id,
        defaults={
            "ats_connection": ats_connection,
            "ats_person_id": person_id,
            "ats_workflow_id": workflow_id,
            "ats_job_id": job_id,
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "phone": phone,
            "role_name": role_name,
        },
    )
    return staff


def staff_mirror_save(*, staff: StaffRecord, snapshot, values: dict) -> bool:
    """Store what was read from Credentially; returns True when anything differed."""
    profile = snapshot.profile_typed()
    fields = {
        "first_name": profile.first_name or staff.first_name,
        "last_name": profile.last_name or staff.last_name,
        "email": profile.email or staff.email,
        "phone": profile.phone or staff.phone,
        "role_name": profile.role or staff.role_name,
        "compliance_status": profile.compliance_status,
        "compliance_tags": list(profile.compliance_tags),
        "values": values,
        "requirements": snapshot.requirements,
        "checks": snapshot.checks,
        "references": snapshot.references,
        "onboarding": {k: v for k, v in snapshot.onboarding.items() if k != "checklists"},
        "custom_fields": profile.custom_fields,
    }
    changed = any(getattr(staff, k) != v for k, v in fields.items())
    now = timezone.now()
    for k, v in fields.items():
        setattr(staff, k, v)
    staff.last_synced_at = now
    if changed:
        staff.save()
    else:  # keep updated_at (the REST API's "updated since") for real changes only
        StaffRecord.objects.filter(pk=staff.pk).update(last_synced_at=now)
    return changed


def staff_mark_read(*, staff: StaffRecord) -> None:
    """Credentially was read and nothing had changed: only the time of the read is kept."""
    staff.last_synced_at = timezone.now()
    StaffRecord.objects.filter(pk=staff.pk).update(last_synced_at=staff.last_synced_at)


def staff_mark_written(*, staff: StaffRecord, hashes: dict) -> None:
    staff.written_hashes = {**staff.written_hashes, **hashes}
    StaffRecord.objects.filter(pk=staff.pk).update(written_hashes=staff.written_hashes)


def staff_request_update(*, staff: StaffRecord, values: dict) -> StaffRecord:
    """Add profile values (from the REST API) to what waits to be written to Credentially: the
    latest value of a field wins. The write itself is queued by the caller (a flow's event)."""
    with transaction.atomic():
        fresh = StaffRecord.objects.select_for_update().only("pending_update").get(pk=staff.pk)
        staff.pending_update = {**fresh.pending_update, **values}
        StaffRecord.objects.filter(pk=staff.pk).update(pending_update=staff.pending_update)
    return staff


def profile_fields_save(*, connection, fields: list[dict]) -> ProfileFieldCatalogue:
    """Keep the custom profile fields Credentially's metadata lists (name -> JSON schema)."""
    catalogue = {f["name"]: f.get("jsonSchema") or {} for f in fields if f.get("name")}
    row, _ = ProfileFieldCatalogue.objects.update_or_create(
        connection=connection, defaults={"fields": catalogue, "read_at": timezone.now()}
    )
    return row


def staff_clear_pending(*, staff: StaffRecord, sent: dict) -> None:
    """Drop the values just written, keeping any that arrived meanwhile."""
    staff.refresh_from_db(fields=["pending_update"])
    remaining = {k: v for k, v in staff.pending_update.items() if sent.get(k) != v}
    StaffRecord.objects.filter(pk=staff.pk).update(pending_update=remaining)


def document_upsert(*, staff: StaffRecord, doc) -> tuple[StaffDocument, StaffDocumentFile | None, list[int]]:
    """Mirror a Credentially document. Returns the document, the file version row when its current
    file is new here, and the version numbers newly known never to have been shown to the hub.

    Credentially's API shows only a document's current file and a count of versions (contract
    §2.7): the current file is version `versions`; the numbers between the last count seen and it
    (all of them below it for a document seen for the first time) are versions the API no longer
    shows, uploaded before the person was linked or replaced between two reads."""
    values = {
        "type_key": doc.type_key,
        "type_name": doc.type_name,
        "status": doc.status,
        "versions": doc.versions,
        "current_file_id": str(doc.file_id or ""),
    }
    document, created = StaffDocument.objects.get_or_create(staff=staff, document_id=doc.id, defaults=values)
    counted_before = 0 if created else document.versions
    if not created and any(getattr(document, k) != v for k, v in values.items()):
        StaffDocument.objects.filter(pk=document.pk).update(**values, updated_at=timezone.now())
    if not doc.file_id:
        return document, None, []
    try:
        with transaction.atomic():
            version = StaffDocumentFile.objects.create(
                document=document,
                file_id=str(doc.file_id),
                version=doc.versions or None,
                file_name=doc.filename,
                content_type=doc.content_type,
                size=doc.file_size,
                issued=doc.issued,
                expiry=doc.expiry,
                number=doc.number,
            )
    except IntegrityError:
        return document, None, []
    seen = set(document.files.exclude(pk=version.pk).values_list("version", flat=True))
    return document, version, [n for n in range(counted_before + 1, doc.versions) if n not in seen]


def files_to_send(*, staff: StaffRecord) -> list[StaffDocumentFile]:
    """Versions seen but not yet sent (new, or left behind by a worker that died)."""
    stale = timezone.now() - timezone.timedelta(seconds=CLAIM_SECONDS)
    return list(
        StaffDocumentFile.objects.filter(document__staff=staff)
        .filter(Q(status=FileStatus.PENDING, sent_at__isnull=True) | Q(status=FileStatus.PENDING, sent_at__lt=stale))
        .select_related("document")
    )


def file_claim(*, version: StaffDocumentFile) -> bool:
    """Take a pending version for sending; False when another worker has it (duplicate webhooks)."""
    stale = timezone.now() - timezone.timedelta(seconds=CLAIM_SECONDS)
    return bool(
        StaffDocumentFile.objects.filter(pk=version.pk, status=FileStatus.PENDING)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=stale))
        .update(sent_at=timezone.now())
    )


def file_release(*, version: StaffDocumentFile) -> None:
    StaffDocumentFile.objects.filter(pk=version.pk, status=FileStatus.PENDING).update(sent_at=None)


def file_store_content(*, version: StaffDocumentFile, content: bytes, filename: str, content_type: str) -> None:
    from django.core.files.base import ContentFile

    version.file_name = version.file_name or filename
    version.content_type = content_type or version.content_type
    version.size = len(content)
    # Encrypted by the field's storage; the name on disk is the file id, not the person's file name.
    version.content.save(f"{version.file_id}.enc"[:120], ContentFile(content), save=False)
    StaffDocumentFile.objects.filter(pk=version.pk).update(
        file_name=version.file_name, content=version.content.name, content_type=version.content_type, size=version.size
    )


def file_settle(*, version: StaffDocumentFile, status: str, reason: str = "", ats_ref: str = "") -> None:
    version.status, version.reason, version.ats_ref = status, reason, ats_ref
    StaffDocumentFile.objects.filter(pk=version.pk).update(
        status=status, reason=reason, ats_ref=ats_ref, sent_at=timezone.now()
    )


def poll_due(*, connection, flow_key: str, minutes: float, force: bool = False) -> bool:
    """True (and the poll time recorded) when this connection's interval has passed."""
    if minutes <= 0 and not force:
        return False
    now = timezone.now()
    state, _ = PollState.objects.get_or_create(connection=connection, flow_key=flow_key)
    if not force and state.last_polled_at and now - state.last_polled_at < timezone.timedelta(minutes=minutes):
        return False
    PollState.objects.filter(pk=state.pk).update(last_polled_at=now)
    return True


def poll_last(*, connection, flow_key: str):
    state = PollState.objects.filter(connection=connection, flow_key=flow_key).first()
    return state.last_polled_at if state else None


def _utc_today():
    return timezone.now().astimezone(UTC).date()


def ats_calls_record(*, connection, calls: int) -> None:
    """Add calls made to an ATS account today (its licence meters them)."""
    if calls <= 0:
        return
    row, _ = AtsCallDay.objects.get_or_create(connection=connection, day=_utc_today())
    AtsCallDay.objects.filter(pk=row.pk).update(calls=F("calls") + calls)


def ats_budget_check(*, connection) -> None:
    """Raise RateLimited (until 00:00 UTC) when the ATS account's `daily_call_budget` is spent.

    A run pauses and an event waits to be retried, so nothing is lost; the budget is checked
    before each batch of people, so one batch may go slightly over it.
    """
    from integrations.client.errors import RateLimited

    budget = connection.setting("daily_call_budget")
    if budget in (None, ""):
        return
    used = AtsCallDay.objects.filter(connection=connection, day=_utc_today()).values_list("calls", flat=True).first()
    if (used or 0) >= int(budget):
        now = timezone.now().astimezone(UTC)
        midnight = (now + timezone.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        raise RateLimited(
            f"the daily call budget of {budget} calls to {connection} is used up",
            retry_after=(midnight - now).total_seconds() + 60,
        )
