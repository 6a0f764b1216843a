"""The emulator's writers: every change a person or the API makes, and the webhooks it fires.

A requirement is settled when what it asks for changes (a document, a check, a reference);
the overall status follows the requirements, and a change of it fires
PROFILE_COMPLIANCE_STATUS_CHANGED, as Credentially does.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from integrations.credentially import events
from integrations.credentially.sandbox import catalogue
from integrations.credentially.sandbox.callbacks import emit
from integrations.credentially.sandbox.models import (
    DbsCheck,
    Document,
    DocumentFile,
    Organisation,
    Profile,
    Reference,
    Requirement,
    RightToWork,
    Role,
)

FIRST_FILE_ID, FIRST_JOB_ID = 733400, 90200


def next_file_id() -> int:
    return (DocumentFile.objects.aggregate(m=Max("file_id"))["m"] or FIRST_FILE_ID) + 1


def next_job_id() -> int:
    return (Profile.objects.aggregate(m=Max("job_id"))["m"] or FIRST_JOB_ID) + 1


def new_requirements(profile: Profile) -> list[Requirement]:
    tags = {"DOCUMENT_TYPE": ["DOCUMENTS_MISSING"], "REFERENCE_FORM": ["REFERENCE_NOT_ENOUGH"]}
    return [
        Requirement(
            profile=profile,
            key=key,
            type=kind,
            name=name,
            target=target,
            required_count=count,
            tags=tags.get(kind, ["CHECK_NOT_COMPLETED"]),
        )
        for key, kind, name, target, count, *_ in catalogue.REQUIREMENTS
    ]


@transaction.atomic
def profile_create(
    *,
    org: Organisation,
    email: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    groups: list | None = None,
    custom_fields: dict | None = None,
    active: bool = False,
    registration_number: str = "",
    birth_date=None,
) -> Profile:
    profile = Profile.objects.create(
        organisation=org,
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        job_title=role.name,
        job_id=next_job_id(),
        job_status="ACTIVE" if active else "INVITED",
        groups=groups or [],
        custom_fields=custom_fields or {},
        registration_number=registration_number,
        registration_type="NMC" if registration_number else "",
        birth_date=birth_date,
        registration_status="Registered" if registration_number else "",
        onboarding_steps=[{"name": s, "completed": False, "completedAt": None} for s in catalogue.ONBOARDING_STEPS],
    )
    Requirement.objects.bulk_create(new_requirements(profile))
    RightToWork.objects.create(profile=profile)
    return profile


def settle(profile: Profile, key: str, compliant: bool, tags: list[str]) -> None:
    """Set one requirement's status, then re-derive the overall status (and fire its event)."""
    Requirement.objects.filter(profile=profile, key=key).update(
        compliance_status="COMPLIANT" if compliant else "NOT_COMPLIANT",
        tags=[] if compliant else tags,
        approved_at=timezone.now() if compliant else None,
    )
    recompute(profile)


def recompute(profile: Profile) -> str:
    statuses = set(profile.requirements.values_list("compliance_status", flat=True))
    return set_compliance(profile, "COMPLIANT" if statuses <= {"COMPLIANT"} else "NOT_COMPLIANT")


def set_compliance(profile: Profile, status: str) -> str:
    previous = profile.compliance_status
    if status != previous:
        Profile.objects.filter(pk=profile.pk).update(compliance_status=status, updated_at=timezone.now())
        profile.compliance_status = status
        emit(
            profile.organisation,
            events.COMPLIANCE_STATUS_CHANGED,
            {
                "profileId": profile.public_id,
                "complianceStatus": status,
                "previousComplianceStatus": previous,
                "changedAt": timezone.now().isoformat().replace("+00:00", "Z"),
            },
        )
    return status


def requirement_key(kind: str, target: str) -> str | None:
    return next((key for key, k, _n, t, *_ in catalogue.REQUIREMENTS if k == kind and t == target), None)


@transaction.atomic
def document_upload(
    *,
    profile: Profile,
    type_key: str,
    filename: str,
    content: bytes,
    content_type: str,
    issued=None,
    expiry=None,
    number: str = "",
    status: str = "AWAITING_APPROVAL",
) -> DocumentFile:
    """Add a file to the person's document of this type: a new document, or a new version of it."""
    name = catalogue.DOCUMENT_TYPES.get(type_key, (0, type_key.title()))[1]
    document, _ = Document.objects.get_or_create(profile=profile, type_key=type_key, defaults={"type_name": name})
    file = DocumentFile.objects.create(
        document=document,
        file_id=next_file_id(),
        origin_name=filename,
        content=content,
        size=len(content),
        content_type=content_type,
        issued=issued,
        expiry=expiry,
        number=number,
        status=status,
    )
    emit(
        profile.organisation,
        events.DOCUMENT_UPLOADED,
        {
            "profileId": profile.public_id,
            "documentId": document.public_id,
            "fileId": file.file_id,
            "documentTypeKey": type_key,
            "versions": document.files.count(),
        },
    )
    key = requirement_key("DOCUMENT_TYPE", type_key)
    if key:
        tag = {"APPROVED": "", "DECLINED": "DOCUMENTS_DECLINED", "EXPIRED": "DOCUMENTS_EXPIRED"}.get(
            status, "DOCUMENTS_AWAITING_APPROVAL"
        )
        settle(profile, key, status == "APPROVED", [tag])
    return file


@transaction.atomic
def dbs_update(*, profile: Profile, status: str, certificate_number: str = "", level: str = "Enhanced") -> DbsCheck:
    check = profile.dbs_checks.order_by("-id").first()
    if check is None:
        check = DbsCheck(profile=profile, certificate_number=certificate_number or f"00{profile.job_id:010d}")
    elif certificate_number:
        check.certificate_number = certificate_number
    check.status, check.level, check.print_date = status, level, timezone.now().date()
    check.save()
    emit(
        profile.organisation,
        events.DBS_STATUS_CHANGED,
        {"profileId": profile.public_id, "dbsCheckId": check.pk, "status": status},
    )
    settle(profile, "req-dbs", status in catalogue.DBS_CLEAR, ["DBS_NOT_CLEAR"])
    return check


@transaction.atomic
def right_to_work_update(*, profile: Profile, status: str, reason: str = "") -> RightToWork:
    rtw, _ = RightToWork.objects.get_or_create(profile=profile)
    rtw.status, rtw.passed, rtw.reason = status, status == "OK", reason
    rtw.save()
    emit(
        profile.organisation,
        events.RIGHT_TO_WORK_STATUS_CHANGED,
        {"profileId": profile.public_id, "status": status, "passed": rtw.passed},
    )
    settle(profile, "req-rtw", rtw.passed, ["RIGHT_TO_WORK_MISSING"])
    return rtw


@transaction.atomic
def reference_save(
    *,
    profile: Profile,
    referee_name: str = "",
    referee_email: str = "",
    reference_id: str = "",
    status: str = "MISSING",
) -> Reference:
    """Add a requested reference, or set the status of one (OK = completed and approved)."""
    if reference_id:
        ref = profile.references.get(public_id=reference_id)
    else:
        ref = Reference(
            profile=profile,
            referee_name=referee_name,
            referee_email=referee_email,
            start_date=timezone.now().date() - timedelta(days=3 * 365),
            end_date=timezone.now().date(),
        )
    ref.status, ref.source_status = status, "APPROVED" if status == "OK" else "REQUESTED"
    ref.expiry_date = timezone.now().date() + timedelta(days=365) if status == "OK" else None
    ref.save()
    emit(
        profile.organisation,
        events.REFERENCE_STATUS_CHANGED,
        {"profileId": profile.public_id, "referenceId": ref.public_id, "status": status},
    )
    done = profile.references.filter(status="OK").count()
    required = profile.requirements.filter(key="req-references").values_list("required_count", flat=True).first()
    pending = profile.references.exclude(status="OK").exists()
    settle(
        profile,
        "req-references",
        done >= (required or 1),
        ["REFERENCE_AWAITING_APPROVAL" if pending else "REFERENCE_NOT_ENOUGH"],
    )
    return ref


@transaction.atomic
def onboarding_set(*, profile: Profile, steps_completed: int) -> list[dict]:
    now = timezone.now().isoformat().replace("+00:00", "Z")
    steps = [
        {
            **s,
            "completed": i < steps_completed,
            "completedAt": (s.get("completedAt") or now) if i < steps_completed else None,
        }
        for i, s in enumerate(profile.onboarding_steps)
    ]
    Profile.objects.filter(pk=profile.pk).update(onboarding_steps=steps, updated_at=timezone.now())
    profile.onboarding_steps = steps
    done = sum(1 for s in steps if s["completed"])
    emit(
        profile.organisation,
        events.ONBOARDING_STATUS_CHANGED,
        {
            "profileId": profile.public_id,
            "status": "COMPLETED" if done == len(steps) else "IN_PROGRESS",
            "stepsCompleted": done,
        },
    )
    return steps


PROFILE_ATTRS = {"first_name", "last_name", "phone", "job_title", "registration_number", "registration_status"}


@transaction.atomic
def profile_edit(*, profile: Profile, field: str, value: str, notify: bool = True) -> Profile:
    """Change a profile attribute or, for any other name, a custom field."""
    if field in PROFILE_ATTRS:
        setattr(profile, field, value)
    else:
        profile.custom_fields = {**profile.custom_fields, field: value}
    profile.save()
    if notify:
        emit(profile.organisation, events.PROFILE_UPDATED, {"profileId": profile.public_id, "fields": [field]})
    return profile
