"""Demo: stage triggers on the iCIMS sandbox's Onboarding and Hired statuses -> the Credentially sandbox.

Runs after the emulators are seeded and the demo connections exist (seed_demo orders system
apps before lookup-table apps). A newcomer moves a candidate to Onboarding on the iCIMS sandbox
page, watches the staff member appear on the Credentially sandbox page, then changes their
compliance there and sees it written back to the candidate in iCIMS.
"""

from integrations.icims.sandbox.seed import (
    ATTACHMENT_COLLECTION,
    ATTACHMENT_FILE_CHILD,
    STATUS_HIRED,
    STATUS_ONBOARDING,
    STATUSES,
)
from integrations.models import Connection
from mappings.compliance.models import FieldMapping, StageTrigger
from mappings.compliance.standard import ensure_standard_rows

ATS_SLUG, CREDENTIALLY_SLUG = "icims-sandbox", "credentially-sandbox"
ROLE = "Registered Nurse"


def seed() -> list[StageTrigger]:
    ensure_standard_rows(FieldMapping)  # shipped by a migration; put back if they were deleted
    ats = Connection.objects.get(slug=ATS_SLUG)
    credentially = Connection.objects.get(slug=CREDENTIALLY_SLUG)
    # Every document version lands in the tenant's attachments collection, file and metadata side by
    # side; an admin's own choice (kept on a re-seed) wins.
    documents = {"documents_collection": ATTACHMENT_COLLECTION, "documents_group_file_field": ATTACHMENT_FILE_CHILD}
    Connection.objects.filter(pk=ats.pk).update(settings={**documents, **ats.settings})
    # Poll the sandbox often so the demo shows the polling path too (webhooks are immediate anyway).
    Connection.objects.filter(pk=credentially.pk).update(settings={**credentially.settings, "poll_minutes": 5})
    triggers = []
    for status in (STATUS_ONBOARDING, STATUS_HIRED):
        trigger, _ = StageTrigger.objects.update_or_create(
            ats_connection=ats,
            status=status,
            defaults={
                "status_label": STATUSES[status],
                "credentially_connection": credentially,
                "role_name": ROLE,
                "is_active": True,
            },
        )
        triggers.append(trigger)
    return triggers
