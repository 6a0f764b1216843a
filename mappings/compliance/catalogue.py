"""What a field mapping can name: the Credentially side as flat, dotted paths.

The sync-back flattens what it reads from Credentially (profile, compliance packages,
documents, checks, references, onboarding checklist) into one dict keyed by these paths, so
one mapping table steers every value written to the ATS and the admin preview shows them all.
Each path belongs to one *object* (profile, compliance, requirements, checks, references,
onboarding, custom): the content hash is kept per object, so only objects that changed are
written (see sync/flows/compliance/sync_back.py).
"""

# path -> (what an admin reads, object it belongs to)
SOURCE_FIELDS: dict[str, tuple[str, str]] = {
    "firstName": ("First name", "profile"),
    "lastName": ("Last name", "profile"),
    "email": ("E-mail address", "profile"),
    "phone": ("Phone number: only from the custom field named by the connection's 'phone_field' setting", "profile"),
    "birthDate": ("Date of birth", "profile"),
    "gender": ("Gender", "profile"),
    "role": ("Role (Credentially personnel type)", "profile"),
    "registrationNumber": ("Professional registration number (NMC PIN, GMC number...)", "profile"),
    "complianceStatus": ("Overall compliance status (COMPLIANT / NOT_COMPLIANT)", "compliance"),
    "complianceTags": ("Why not compliant, e.g. DOCUMENTS_MISSING (comma separated)", "compliance"),
    "requirements.summary": ("Each requirement with its status, one per line", "requirements"),
    "requirements.compliant": ("Requirements met, as 'met/total'", "requirements"),
    "checks.dbs.status": ("DBS check result", "checks"),
    "checks.dbs.level": ("DBS level (Enhanced, Standard, Basic)", "checks"),
    "checks.dbs.certificateNumber": ("DBS certificate number", "checks"),
    "checks.dbs.printDate": ("DBS certificate print date", "checks"),
    "checks.rightToWork.status": ("Right to work status (OK / EXPIRED / MISSING)", "checks"),
    "checks.registration.status": ("Professional registration status", "checks"),
    "checks.registration.type": ("Professional register (NMC, GMC, HCPC)", "checks"),
    "references.status": ("Overall reference status (OK / EXPIRED / MISSING)", "references"),
    "references.summary": ("Each reference with its status, one per line", "references"),
    "documents.summary": (
        "Every document file version with issue date, expiry date, number and where it went",
        "documents",
    ),
    "onboarding.status": ("Onboarding checklist status", "onboarding"),
    "onboarding.progress": ("Onboarding steps done, as 'done/total'", "onboarding"),
}
CUSTOM_PREFIX = "custom."  # custom.<shortName>: a Credentially custom profile field
OBJECTS = ("profile", "compliance", "requirements", "checks", "references", "documents", "onboarding", "custom")

# ATS-side values offered when creating the staff member (direction: to Credentially).
ATS_SOURCE_FIELDS: dict[str, str] = {
    "personid": "The candidate's id in the ATS",
    "workflowid": "The placement / recruiting workflow id in the ATS",
    "jobid": "The job id in the ATS",
}


def object_of(path: str) -> str:
    if path.startswith(CUSTOM_PREFIX):
        return "custom"
    return SOURCE_FIELDS.get(path, ("", "profile"))[1]


def is_known_source(path: str) -> bool:
    return path in SOURCE_FIELDS or (path.startswith(CUSTOM_PREFIX) and len(path) > len(CUSTOM_PREFIX))


def source_help() -> str:
    names = ", ".join(SOURCE_FIELDS)
    return f"One of: {names}; or custom.<field short name> for a Credentially custom field."
