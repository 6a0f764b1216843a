"""Seed the sandbox: an organisation, roles, groups and staff in different states; or thousands, fast."""

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from integrations.credentially.sandbox import catalogue, state
from integrations.credentially.sandbox.models import (
    Document,
    DocumentFile,
    Group,
    Organisation,
    Profile,
    Requirement,
    RightToWork,
    Role,
)

ORG_ID = 100
ROLES = (("Registered Nurse", "Band 5-7 RN"), ("Healthcare Assistant", "HCA"), ("Doctor", "Locum doctor"))
GROUPS = ("North Trust - ICU", "North Trust - A&E")


def fake_file(size: int, label: str = "document") -> bytes:
    """A PDF-looking file of exactly `size` bytes (at least the header)."""
    head = f"%PDF-1.4\n% Crosswalk sandbox {label}\n".encode()
    return head + b"0" * max(0, size - len(head))


def organisation() -> Organisation:
    org = Organisation.objects.filter(org_id=ORG_ID).first()
    if org is None:
        org = Organisation.objects.create(
            org_id=ORG_ID, name="North Trust Staffing", api_key=f"cred_{secrets.token_urlsafe(24)}"
        )
    for name, description in ROLES:
        Role.objects.get_or_create(organisation=org, name=name, defaults={"description": description})
    for name in GROUPS:
        Group.objects.get_or_create(organisation=org, name=name)
    return org


@transaction.atomic
def seed() -> Organisation:
    """Idempotent: three staff, one compliant (passport with 2 versions), one invited, one part-way."""
    org = organisation()
    if org.profiles.exists():
        return org
    nurse = org.roles.get(name="Registered Nurse")
    group = {"id": org.groups.get(name=GROUPS[0]).public_id, "name": GROUPS[0]}
    amara = state.profile_create(
        org=org,
        email="amara.okafor@example.org",
        role=nurse,
        first_name="Amara",
        last_name="Okafor",
        phone="+447700900123",
        groups=[group],
        active=True,
        custom_fields={"atsCandidateId": "20411"},
        registration_number="91A2345B",
    )
    _compliant(amara)
    state.profile_create(
        org=org,
        email="ben.carter@example.org",
        role=org.roles.get(name="Healthcare Assistant"),
        first_name="Ben",
        last_name="Carter",
        custom_fields={"atsCandidateId": "20412"},
    )
    chloe = state.profile_create(
        org=org,
        email="chloe.nguyen@example.org",
        role=org.roles.get(name="Doctor"),
        first_name="Chloe",
        last_name="Nguyen",
        active=True,
        custom_fields={"atsCandidateId": "20413"},
    )
    state.document_upload(
        profile=chloe,
        type_key="PASSPORT",
        filename="passport.pdf",
        content=fake_file(4096),
        content_type="application/pdf",
        issued=date(2022, 5, 1),
        expiry=date(2032, 4, 30),
        number="612345678",
    )
    state.dbs_update(profile=chloe, status="NEW_INFO")
    state.reference_save(
        profile=chloe, referee_name="Dr Alex Johnson", referee_email="alex.johnson@example.org", status="OK"
    )
    state.onboarding_set(profile=chloe, steps_completed=2)
    return org


def _compliant(profile: Profile) -> None:
    for issued, number in ((date(2014, 2, 10), "533380001"), (date(2024, 2, 10), "533380006")):
        state.document_upload(
            profile=profile,
            type_key="PASSPORT",
            filename=f"passport-{issued.year}.pdf",
            content=fake_file(8192, f"passport {issued.year}"),
            content_type="application/pdf",
            issued=issued,
            expiry=issued.replace(year=issued.year + 10) - timedelta(days=1),
            number=number,
            status="APPROVED",
        )
    state.document_upload(
        profile=profile,
        type_key="CV",
        filename="cv.pdf",
        content=fake_file(2048, "cv"),
        content_type="application/pdf",
        status="APPROVED",
    )
    state.dbs_update(profile=profile, status="BLANK_NO_NEW_INFO", certificate_number="001122334455")
    state.right_to_work_update(profile=profile, status="OK", reason="Share code accepted")
    for name in ("Dr Alex Johnson", "Sister Mary Byrne"):
        state.reference_save(profile=profile, referee_name=name, referee_email="referee@example.org", status="OK")
    state.onboarding_set(profile=profile, steps_completed=len(catalogue.ONBOARDING_STEPS))


@transaction.atomic
def seed_bulk(*, staff: int, documents_per_person: int = 2) -> None:
    """Add `staff` invited profiles, each with documents, with bulk inserts (no webhooks sent)."""
    org = organisation()
    role = org.roles.get(name="Registered Nurse")
    start = Profile.objects.count()
    job_id, file_id = state.next_job_id(), state.next_file_id()
    steps = [{"name": s, "completed": False, "completedAt": None} for s in catalogue.ONBOARDING_STEPS]
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                organisation=org,
                email=f"bulk{start + i}@example.org",
                first_name="Bulk",
                last_name=f"{start + i}",
                role=role,
                job_title=role.name,
                job_id=job_id + i,
                custom_fields={"atsCandidateId": f"B{start + i}"},
                onboarding_steps=steps,
            )
            for i in range(staff)
        ],
        batch_size=1000,
    )
    # bulk_create sets primary keys on PostgreSQL and on SQLite >= 3.35 (RETURNING).
    requirements = [r for p in profiles for r in state.new_requirements(p)]
    Requirement.objects.bulk_create(requirements, batch_size=2000)
    RightToWork.objects.bulk_create([RightToWork(profile=p) for p in profiles], batch_size=2000)
    types = list(catalogue.DOCUMENT_TYPES)[: max(0, documents_per_person)]
    documents = Document.objects.bulk_create(
        [Document(profile=p, type_key=k, type_name=catalogue.DOCUMENT_TYPES[k][1]) for p in profiles for k in types],
        batch_size=2000,
    )
    content, today = fake_file(1024, "bulk"), timezone.now().date()
    DocumentFile.objects.bulk_create(
        [
            DocumentFile(
                document=d,
                file_id=file_id + n,
                origin_name=f"{d.type_key.lower()}.pdf",
                content=content,
                size=len(content),
                content_type="application/pdf",
                issued=today,
                expiry=today + timedelta(days=365),
                number=f"N{file_id + n}",
            )
            for n, d in enumerate(documents)
        ],
        batch_size=2000,
    )
