"""What every emulated organisation is set up with: custom fields, document types, one package.

Values follow the contract's samples (§6); keys the contract marks unconfirmed are the
emulator's choice and are named as such there.
"""

PROFILE_FIELDS = {
    "atsCandidateId": "ATS candidate ID",
    "atsPlacementId": "ATS placement ID",
    "employeeNumber": "Employee number",
}

# key -> (id, name, category, expiry period in months)
DOCUMENT_TYPES = {
    "PASSPORT": (401, "Passport", "IDENTITY", None),
    "DBS_CERTIFICATE": (402, "DBS certificate", "CHECKS", 36),
    "CV": (403, "CV", "EMPLOYMENT", None),
    "TRAINING_CERTIFICATE": (404, "Training certificate", "TRAINING", 12),
}

PACKAGE_ID, PACKAGE_NAME = "pkg-core", "Core compliance"
# (requirement id, type, name, target, required count, group id, group name)
REQUIREMENTS = (
    ("req-passport", "DOCUMENT_TYPE", "Passport", "PASSPORT", 1, "grp-identity", "Identity & checks"),
    ("req-dbs", "INTEGRATION", "DBS Update Service", "DBS", 1, "grp-identity", "Identity & checks"),
    ("req-rtw", "INTEGRATION", "Right to work", "RIGHT_TO_WORK", 1, "grp-identity", "Identity & checks"),
    ("req-references", "REFERENCE_FORM", "Clinical reference", "rf-clinical", 2, "grp-employment", "Employment"),
    ("req-cv", "DOCUMENT_TYPE", "CV", "CV", 1, "grp-employment", "Employment"),
)

ONBOARDING_STEPS = ("Upload passport", "Consent to DBS check", "Provide referees", "Sign contract")

# Checks whose result makes their requirement compliant.
DBS_CLEAR = ("BLANK_NO_NEW_INFO", "NON_BLANK_NO_NEW_INFO")
DBS_STATUSES = ("BLANK_NO_NEW_INFO", "NON_BLANK_NO_NEW_INFO", "NEW_INFO", "UNKNOWN", "NO_MATCH_FOUND")
FILE_STATUSES = ("AWAITING_APPROVAL", "APPROVED", "DECLINED", "EXPIRED")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # contract §4.3: unpublished; the emulator's choice
ACCEPTED_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heic",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_type_json(key: str) -> dict:
    type_id, name, category, months = DOCUMENT_TYPES.get(key, (0, key.title(), "OTHER", None))
    return {
        "id": type_id,
        "name": name,
        "key": key,
        "shortName": name,
        "description": name,
        "category": category,
        "expiryPeriodInMonths": months,
        "expireSoonPeriodInDays": 60,
        "ocrSupported": key == "PASSPORT",
        "common": True,
        "profileOwnerRestricted": False,
        "reminderText": None,
    }


def package_json() -> dict:
    """The organisation-level package (`GET /api/compliance-packages`)."""
    return {
        "id": PACKAGE_ID,
        "name": PACKAGE_NAME,
        "roles": [],
        "totalRequirements": len(REQUIREMENTS),
        "updated": "2026-01-01T00:00:00Z",
        "updateInProgress": False,
    }


# Placement reference data (§2.3): fixed ids so tests and demos can name them.
LOCATIONS = {
    "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b": "St Mary's Hospital - ICU",
    "1f0e9d8c-7b6a-4f5e-8d2c-1b0a9f8e7d6c": "North Clinic",
}
PLACEMENT_ROLES = {
    "5b3f6a3e-0c1d-4a8e-9a9b-6f1d2c3b4a5e": "ICU Nurse",
    "6c4a7b4f-1d2e-4b9f-8a0c-7a2e3d4c5b6f": "Ward Nurse",
}
JURISDICTION_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
