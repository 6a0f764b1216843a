"""Read one person from Credentially and flatten it into the paths field mappings name.

`read_snapshot` makes the reads (profile, packages, documents, DBS, right to work, references:
six calls; onboarding and registration come from the profile), `flatten` turns them into
`{path: value}` (see mappings/compliance/catalogue.py) with no I/O, so the admin preview and
the sync share one code path.
"""

from dataclasses import dataclass, field

from integrations.credentially.payloads import DocumentData, ProfileData, RequirementData


@dataclass
class Snapshot:
    profile: dict
    requirements: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    checks: dict = field(default_factory=dict)
    references: dict = field(default_factory=dict)
    onboarding: dict = field(default_factory=dict)
    phone_field: str = ""  # the connection's custom field for the phone (the profile has none)

    def profile_typed(self) -> ProfileData:
        return ProfileData.from_api(self.profile, phone_field=self.phone_field)

    def documents_typed(self) -> list[DocumentData]:
        return [DocumentData.from_api(d) for d in self.documents if d.get("id")]


def read_snapshot(client, profile_id: str, *, with_documents: bool = True) -> Snapshot:
    profile = client.get_profile(profile_id)
    return Snapshot(
        profile=profile,
        requirements=client.get_requirements(profile_id),
        documents=client.list_documents(profile_id) if with_documents else [],
        checks=client.get_checks(profile_id, profile=profile),
        references=client.get_references(profile_id),
        onboarding=client.get_onboarding(profile_id, profile=profile),
        phone_field=client.connection.setting("phone_field") or "",
    )


def flatten(snap: Snapshot) -> dict:
    profile = snap.profile_typed()
    raw = snap.profile
    values = {
        "firstName": profile.first_name,
        "lastName": profile.last_name,
        "email": profile.email,
        "phone": profile.phone,
        "birthDate": raw.get("birthDate") or "",
        "gender": raw.get("gender") or "",
        "role": profile.role,
        "registrationNumber": profile.registration_number,
        "complianceStatus": profile.compliance_status,
        "complianceTags": ", ".join(profile.compliance_tags),
    }
    values.update(_requirements(snap.requirements))
    values.update(_checks(snap.checks))
    values.update(_references(snap.references))
    values.update(_onboarding(snap.onboarding))
    values.update({f"custom.{k}": v for k, v in profile.custom_fields.items() if k})
    return values


def _requirements(raw: list) -> dict:
    items = [RequirementData.from_api(r) for r in raw if r.get("id")]
    lines = [f"{r.name or r.type}: {r.compliance_status}" for r in sorted(items, key=lambda r: (r.package, r.name))]
    met = sum(1 for r in items if r.compliant)
    return {"requirements.summary": "\n".join(lines), "requirements.compliant": f"{met}/{len(items)}"}


def _checks(checks: dict) -> dict:
    dbs_list = checks.get("dbs") or []
    # The most recent DBS check speaks for the person.
    dbs = max(dbs_list, key=lambda d: d.get("lastCheckDateTime") or d.get("createDateTime") or "", default={})
    rtw = checks.get("rightToWork") or {}
    reg = checks.get("professionalRegistration") or {}
    return {
        "checks.dbs.status": dbs.get("status") or "",
        "checks.dbs.level": dbs.get("level") or "",
        "checks.dbs.certificateNumber": dbs.get("certificateNumber") or "",
        "checks.dbs.printDate": dbs.get("printDate") or "",
        "checks.rightToWork.status": rtw.get("status") or "",
        "checks.registration.status": reg.get("registrationStatus") or reg.get("registrationNumberStatus") or "",
        "checks.registration.type": reg.get("registrationNumberType") or "",
    }


def _references(refs: dict) -> dict:
    lines = [f"{r.get('title') or r.get('id')}: {r.get('status') or ''}" for r in refs.get("references") or []]
    return {"references.status": refs.get("status") or "", "references.summary": "\n".join(lines)}


def _onboarding(onboarding: dict) -> dict:
    total = onboarding.get("stepsTotal") or 0
    return {
        "onboarding.status": onboarding.get("status") or "",
        "onboarding.progress": f"{onboarding.get('stepsCompleted') or 0}/{total}",
    }
