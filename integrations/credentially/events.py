"""Credentially's webhook event catalogue, as its `GET /meta/events` describes it (contract §3.1).

The first two types are named in Credentially's docs; the others are the contract's proposal
(unconfirmed): the hub must read the real catalogue from `/meta/events`, never this list. The
emulator serves this catalogue and sends these events; the receiver accepts any type.
"""

COMPLIANCE_STATUS_CHANGED = "PROFILE_COMPLIANCE_STATUS_CHANGED"
DBS_STATUS_CHANGED = "PROFILE_DBS_STATUS_CHANGED"
DOCUMENT_UPLOADED = "PROFILE_DOCUMENT_UPLOADED"
REFERENCE_STATUS_CHANGED = "PROFILE_REFERENCE_STATUS_CHANGED"
RIGHT_TO_WORK_STATUS_CHANGED = "PROFILE_RIGHT_TO_WORK_STATUS_CHANGED"
ONBOARDING_STATUS_CHANGED = "PROFILE_ONBOARDING_STATUS_CHANGED"
PROFILE_UPDATED = "PROFILE_UPDATED"

_PROFILE = ("profileId", "Credentially profile ID", "UUID", "a7b80d86-92ad-452b-8b30-580146e5e1fb")

CATALOGUE: dict[str, tuple[str, tuple[tuple[str, str, str, object], ...]]] = {
    COMPLIANCE_STATUS_CHANGED: (
        "A profile's overall compliance status changed",
        (
            _PROFILE,
            ("complianceStatus", "New status", "STRING", "COMPLIANT"),
            ("previousComplianceStatus", "Status before the change", "STRING", "NOT_COMPLIANT"),
            ("changedAt", "When it changed", "DATE_TIME", "2026-03-21T16:40:02Z"),
        ),
    ),
    DBS_STATUS_CHANGED: (
        "A DBS check result changed",
        (
            _PROFILE,
            ("dbsCheckId", "DBS check ID", "NUMBER", 501),
            ("status", "New DBS status", "STRING", "NEW_INFO"),
        ),
    ),
    DOCUMENT_UPLOADED: (
        "A document or a new version of it was uploaded",
        (
            _PROFILE,
            ("documentId", "Document ID", "STRING", "doc-5f1c"),
            ("fileId", "ID of the new current file", "NUMBER", 733412),
            ("documentTypeKey", "Document type", "STRING", "PASSPORT"),
            ("versions", "Number of files the document has had", "NUMBER", 2),
        ),
    ),
    REFERENCE_STATUS_CHANGED: (
        "A reference was added or its status changed",
        (
            _PROFILE,
            ("referenceId", "Reference ID", "STRING", "ref-31"),
            ("status", "New reference status", "STRING", "OK"),
        ),
    ),
    RIGHT_TO_WORK_STATUS_CHANGED: (
        "The right-to-work check changed",
        (
            _PROFILE,
            ("status", "New right-to-work status", "STRING", "OK"),
            ("passed", "Whether the check passed", "BOOLEAN", True),
        ),
    ),
    ONBOARDING_STATUS_CHANGED: (
        "Onboarding checklist progress changed",
        (
            _PROFILE,
            ("status", "Checklist status", "STRING", "IN_PROGRESS"),
            ("stepsCompleted", "Steps completed", "NUMBER", 3),
        ),
    ),
    PROFILE_UPDATED: (
        "Profile details or custom fields changed",
        (
            _PROFILE,
            ("fields", "Names of the fields that changed", "ARRAY", ["phone"]),
        ),
    ),
}


def catalogue_json() -> list[dict]:
    """The `/meta/events` response."""
    return [
        {
            "type": kind,
            "description": description,
            "payloadFields": [{"key": k, "description": d, "dataType": t, "exampleValue": v} for k, d, t, v in fields],
        }
        for kind, (description, fields) in CATALOGUE.items()
    ]


# What the hub's sync-back acts on (each names a profile, whose data is then read afresh): the
# flow subscribes to these, and the webhook subscription asks Credentially for those of them its
# own catalogue lists (client.subscription_event_types).
HANDLED: tuple[str, ...] = tuple(CATALOGUE)
