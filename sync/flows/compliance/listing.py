"""Which linked people a poll may leave unread: Credentially's staff list, compared by content.

Credentially's published profile schema has no `updated` stamp and its API no modified-since
filter, so nothing says which profiles changed. With the Credentially connection's setting
`full_read_hours` (off by default), a poll first pages through the staff list (`GET /api/profile`,
up to 1000 people a call) and leaves unread each linked person whose entry there is the same as at
their last full read, while that read is younger than `full_read_hours`.

The list shows compliance status and reasons, role, custom fields, registration and checklist
status; not documents, checks or references in detail, nor onboarding steps. What changes only
there waits for a webhook (which always reads the person in full) or the next full read. Hence off
by default: where Credentially sends no document callbacks, reading everyone at every poll is what
finds every document version before the next one replaces it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from mappings.compliance import services
from sync.flows.compliance.sync_back import PersonResult
from sync.models import Outcome
from sync.services.links import fingerprint

LISTING_KEY = "_listing"  # in `written_hashes`: the person's staff-list entry at their last full read


@dataclass
class Listing:
    hashes: dict[str, str]  # profile id -> hash of its entry in the staff list
    hours: float

    def unchanged(self, staff) -> bool:
        entry = self.hashes.get(staff.profile_id)
        recent = staff.last_synced_at and staff.last_synced_at > timezone.now() - timedelta(hours=self.hours)
        return bool(entry and recent and staff.written_hashes.get(LISTING_KEY) == entry)

    def remember(self, staff, result: PersonResult) -> None:
        """After a full read that did not fail: the entry it was read under."""
        entry = self.hashes.get(staff.profile_id)
        if entry and result.outcome != Outcome.FAILED and staff.written_hashes.get(LISTING_KEY) != entry:
            services.staff_mark_written(staff=staff, hashes={LISTING_KEY: entry})

    @staticmethod
    def left_unread(staff) -> PersonResult:
        return PersonResult(
            staff.profile_id,
            f"{staff.ats_connection.slug}:{staff.ats_person_id}",
            Outcome.UNCHANGED,
            "not read: the same in Credentially's staff list as at the last full read",
            payload={"staff": staff.pk},
        )


def listing_for(connection, client, params: dict) -> Listing | None:
    """The staff list's entries, when the connection asks for it and the poll is not for named people."""
    hours = float(connection.setting("full_read_hours") or 0)
    if hours <= 0 or params.get("profile_ids"):
        return None
    return Listing({str(p["id"]): fingerprint(p) for p in client.iter_profiles() if p.get("id")}, hours)
