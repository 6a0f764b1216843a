"""Emulator state -> the JSON Credentially answers with (contract §2.5-§2.9, §6)."""

from datetime import date

from integrations.credentially.sandbox import catalogue
from integrations.credentially.sandbox.models import DbsCheck, Document, Profile, Reference, Requirement


def _stamp(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _day(value) -> str | None:
    return value.isoformat() if value else None


def tags_json(tags) -> list[dict]:
    return [{"key": t, "group": "COMPLIANCE_ERROR"} if isinstance(t, str) else t for t in tags or []]


def profile_tags(profile: Profile) -> list[dict]:
    if profile.compliance_status == "COMPLIANT":
        return []
    seen, out = set(), []
    for req in profile.requirements.all():
        for tag in tags_json(req.tags) if req.compliance_status != "COMPLIANT" else []:
            if tag["key"] not in seen:
                seen.add(tag["key"])
                out.append(tag)
    return out


def onboarding(profile: Profile, *, light: bool = False) -> list[dict]:
    """`checklists`: light in a `ProfileDto` (id as a string), in full in a `ProfileDetailDto`."""
    steps = profile.onboarding_steps or []
    if not steps:
        return []
    done = [s for s in steps if s.get("completed")]
    status = "COMPLETED" if len(done) == len(steps) else "IN_PROGRESS"
    if light:
        return [{"id": str(profile.job_id), "type": "ONBOARDING", "status": status}]
    stamps = sorted(s["completedAt"] for s in done if s.get("completedAt"))
    return [
        {
            "id": profile.job_id,
            "type": "ONBOARDING",
            "status": status,
            "checklistId": 77,
            "name": "Onboarding",
            "organisationId": profile.organisation.org_id,
            "startedDateTime": _stamp(profile.created_at),
            "completedDateTime": stamps[-1] if status == "COMPLETED" and stamps else None,
            "steps": [
                {
                    "id": i + 1,
                    "stepId": i + 11,
                    "name": s["name"],
                    "type": "TASK",
                    "mandatory": True,
                    "canBeSkipped": False,
                    "completed": bool(s.get("completed")),
                    "completedDateTime": s.get("completedAt"),
                    "additionalInformation": {},
                }
                for i, s in enumerate(steps)
            ],
        }
    ]


def profile_json(profile: Profile, *, detail: bool = True) -> dict:
    """A `ProfileDetailDto` (one profile) or, with `detail=False`, a `ProfileDto` (lists, create, update).

    As Credentially's published schema has them: no phone, no groups, no `updated` stamp, and the
    registration only inside `professionalRegistration` (the top-level registration fields are
    write-only in the spec, so never sent).
    """
    role = profile.role
    role_json = (
        {
            "id": role.pk,
            "name": role.name,
            "description": role.description,
            "staffType": role.staff_type,
            "reserved": False,
            "accessTags": [],
        }
        if role
        else None
    )
    tags = profile_tags(profile)
    data = {
        "id": profile.public_id,
        "firstName": profile.first_name,
        "lastName": profile.last_name,
        "email": profile.email,
        "birthDate": _day(profile.birth_date),
        "otherGrade": profile.job_title or None,
        "personnelType": role_json,
        "complianceStatus": profile.compliance_status,
        "complianceStatusTags": tags,
        "jobs": [
            {
                "id": profile.job_id,
                "status": profile.job_status,
                "skipOnboarding": False,
                "signedOff": False,
                "startDate": _day(profile.created_at.date()),
                "role": {"id": str(role.pk), "name": role.name} if role else None,
                "complianceStatus": profile.compliance_status,
                "complianceStatusTags": tags,
            }
        ],
        "customProfileFields": [
            {"shortName": k, "name": catalogue.PROFILE_FIELDS.get(k, k), "value": v}
            for k, v in (profile.custom_fields or {}).items()
        ],
        "checklists": onboarding(profile, light=not detail),
        "professionalRegistration": registration(profile),
    }
    if detail:
        data["tags"] = []
    return data


def registration(profile: Profile) -> dict | None:
    if not profile.registration_number:
        return None
    valid = profile.registration_status == "Registered"
    return {
        "registrationNumber": profile.registration_number,
        "registrationNumberType": profile.registration_type,
        "lookupStatus": "FOUND",
        "registrationStatus": profile.registration_status,
        "lastCheckDateTime": _stamp(profile.updated_at),
        "hasConditions": False,
        "hasLicenceToPractise": valid,
        "conditionsDetail": {"ftpConditionsExist": False, "ftpUndertakingsExist": False, "ftpWarningsExist": False},
    }


def requirement_json(req: Requirement) -> dict:
    data = {
        "id": req.key,
        "type": req.type,
        "complianceStatus": req.compliance_status,
        "complianceTags": tags_json(req.tags) if req.compliance_status != "COMPLIANT" else [],
        "approved": _stamp(req.approved_at),
        "approvedBy": None,
    }
    if req.type == "DOCUMENT_TYPE":
        doc_type = catalogue.document_type_json(req.target)
        data["documentType"] = {k: doc_type[k] for k in ("id", "name", "description", "key")}
    elif req.type == "INTEGRATION":
        data["integration"] = {"name": req.name, "type": req.target}
    elif req.type == "REFERENCE_FORM":
        data["referenceForm"] = {
            "id": req.target,
            "title": req.name,
            "businessRules": None,
            "phoneRequired": True,
            "prohibitPersonalEmails": True,
            "expired": False,
        }
        data["requiredReferencesNumber"] = req.required_count
    return data


def packages_json(profile: Profile) -> list[dict]:
    by_key = {r.key: r for r in profile.requirements.all()}
    groups: dict[str, dict] = {}
    for key, *_rest, group_id, group_name in catalogue.REQUIREMENTS:
        if key in by_key:
            group = groups.setdefault(group_id, {"id": group_id, "name": group_name, "requirements": []})
            group["requirements"].append(requirement_json(by_key[key]))
    return [
        {"id": catalogue.PACKAGE_ID, "name": catalogue.PACKAGE_NAME, "modified": False, "groups": list(groups.values())}
    ]


def document_json(document: Document) -> dict:
    files = list(document.files.all())
    active = files[-1]
    today = date.today()
    days = (active.expiry - today).days if active.expiry else None
    return {
        "id": document.public_id,
        "description": None,
        "otherTypeName": None,
        "profileId": document.profile.public_id,
        "versions": len(files),
        "statusType": active.status,
        "type": catalogue.document_type_json(document.type_key),
        "activeFile": {
            "id": active.file_id,
            "publicId": active.public_id,
            "originName": active.origin_name,
            "extraOcrFields": {"documentNumber": active.number} if active.number else {},
            "issued": _day(active.issued),
            "expiry": _day(active.expiry),
            "monthToExpire": days // 30 if days is not None else None,
            "daysToExpire": days,
            "created": _stamp(active.created_at),
            "issuesReason": None,
            "verifications": [],
            "actualVerificationStatuses": [{"status": active.status, "approvalRole": "Compliance Officer"}],
            "statusType": active.status,
        },
    }


def dbs_json(check: DbsCheck) -> dict:
    profile = check.profile
    return {
        "id": check.pk,
        "certificateNumber": check.certificate_number,
        "status": check.status,
        "surname": profile.last_name.upper(),
        "forename": profile.first_name.upper(),
        "printDate": _day(check.print_date),
        "organisationId": profile.organisation.org_id,
        "requestAttempts": check.request_attempts,
        "lastCheckDateTime": _stamp(check.last_check_at),
        "createDateTime": _stamp(check.created_at),
        "level": check.level,
    }


def right_to_work_json(profile: Profile) -> dict:
    rtw = getattr(profile, "right_to_work", None)
    if rtw is None:
        return {"profileId": profile.public_id, "status": "MISSING", "passed": False}
    return {
        "profileId": profile.public_id,
        "status": rtw.status,
        "passed": rtw.passed,
        "sourceStatus": "PASSED" if rtw.passed else "PENDING",
        "approvedBy": None,
        "approvedDate": _stamp(rtw.updated_at) if rtw.passed else None,
        "validityType": rtw.validity_type,
        "reason": rtw.reason or None,
        "created": _stamp(rtw.created_at),
        "updated": _stamp(rtw.updated_at),
    }


def reference_json(ref: Reference) -> dict:
    days = (ref.end_date - ref.start_date).days if ref.start_date and ref.end_date else None
    return {
        "id": ref.public_id,
        "title": ref.title,
        "startDate": _day(ref.start_date),
        "endDate": _day(ref.end_date),
        "currentEmployment": ref.end_date is None,
        "durationDays": days,
        "status": ref.status,
        "sourceStatus": ref.source_status,
        "expiryDate": _day(ref.expiry_date),
        "referee": {"fullName": ref.referee_name, "email": ref.referee_email, "phone": None},
    }


def references_json(profile: Profile) -> dict:
    refs = list(profile.references.all())
    statuses = {r.status for r in refs}
    overall = "OK" if refs and statuses == {"OK"} else "EXPIRED" if "EXPIRED" in statuses else "MISSING"
    return {"profileId": profile.public_id, "status": overall, "references": [reference_json(r) for r in refs]}
