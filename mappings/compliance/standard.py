"""The standard field-mapping rows Crosswalk ships (data migration 0002 and the demo both use them).

ATS field ids are the iCIMS sandbox tenant's; a real tenant's custom field ids (fieldNNNNN) are
set per connection by adding rows for that connection, which replace these global ones.
"""

STANDARD = [
    # (Credentially path, ATS field, custom field?, transform, options)
    ("birthDate", "birthdate", False, "", {}),
    ("registrationNumber", "field50011", True, "", {}),
    (
        "complianceStatus",
        "credentiallycompliancestatus",
        True,
        "value_map",
        {"map": {"COMPLIANT": "Compliant", "NOT_COMPLIANT": "Not compliant"}},
    ),
    ("complianceTags", "credentiallycompliancereasons", True, "", {}),
    ("requirements.summary", "credentiallyrequirements", True, "", {}),
    ("requirements.compliant", "credentiallyrequirementsmet", True, "", {}),
    ("documents.summary", "credentiallydocuments", True, "", {}),
    ("checks.dbs.status", "credentiallydbsstatus", True, "", {}),
    ("checks.dbs.level", "credentiallydbslevel", True, "", {}),
    ("checks.rightToWork.status", "credentiallyrighttowork", True, "", {}),
    ("checks.registration.status", "credentiallyregistrationstatus", True, "", {}),
    ("references.status", "credentiallyreferencestatus", True, "", {}),
    ("references.summary", "credentiallyreferences", True, "", {}),
    ("onboarding.status", "credentiallyonboardingstatus", True, "", {}),
    ("onboarding.progress", "credentiallyonboardingprogress", True, "", {}),
]
# ATS -> Credentially (at creation): the placement id into Credentially's custom field.
CREATE = [("custom.atsPlacementId", "workflowid")]


def ensure_standard_rows(field_mapping_model) -> int:
    """Create the standard rows that are missing (admins' changes to existing rows are kept)."""
    made = 0
    for position, (source, target, custom, transform, options) in enumerate(STANDARD, start=1):
        _, created = field_mapping_model.objects.get_or_create(
            ats_connection=None,
            direction="to_ats",
            credentially_field=source,
            ats_field=target,
            defaults={
                "is_custom": custom,
                "transform": transform,
                "transform_options": options,
                "is_standard": True,
                "position": position * 10,
            },
        )
        made += created
    for source, target in CREATE:
        _, created = field_mapping_model.objects.get_or_create(
            ats_connection=None,
            direction="to_credentially",
            credentially_field=source,
            ats_field=target,
            defaults={"is_standard": True, "position": 10},
        )
        made += created
    return made
