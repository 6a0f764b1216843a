"""The sandbox page: vendor-side actions (what staff do in Credentially) and the tables of emulator state."""

from datetime import date
from operator import attrgetter

from integrations.credentially.sandbox import catalogue, state
from integrations.credentially.sandbox.models import DocumentFile, Profile, Reference, Requirement, Subscription
from integrations.credentially.sandbox.seed import fake_file, organisation, seed_bulk
from integrations.sandbox.base import Action, ActionField, Section

MAX_ACTION_KB = 60 * 1024  # big enough to go past any file limit, small enough for SQLite
ROWS = 50  # the page shows the first rows; bulk seeds make thousands


def _people() -> list[tuple[str, str]]:
    return [(p.public_id, f"{p.first_name} {p.last_name} <{p.email}>") for p in Profile.objects.order_by("id")[:200]]


def _choices(values) -> callable:
    return lambda: [(v, v) for v in values]


def _profile(person: str) -> Profile:
    profile = (
        Profile.objects.select_related("organisation").filter(public_id=person).first()
        or Profile.objects.select_related("organisation").filter(email__iexact=person).first()
    )
    if profile is None:
        raise LookupError(f"no staff member {person!r}")
    return profile


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


PERSON = ActionField("person", "Staff member", _people)


def upload_document(person, type_key, size_kb, issued, expiry, number, status) -> str:
    size = int(size_kb or 64) * 1024
    if not 1 <= size <= MAX_ACTION_KB * 1024:
        raise ValueError(f"size must be 1 to {MAX_ACTION_KB} KB")
    profile = _profile(person)
    file = state.document_upload(
        profile=profile,
        type_key=type_key,
        filename=f"{type_key.lower()}.pdf",
        content=fake_file(size, type_key),
        content_type="application/pdf",
        issued=_date(issued),
        expiry=_date(expiry),
        number=number,
        status=status,
    )
    return f"{type_key} file {file.file_id} ({size // 1024} KB) is version {file.document.files.count()}"


def set_requirement(person, requirement, status) -> str:
    profile = _profile(person)
    req = profile.requirements.get(key=requirement)
    default_tag = {"DOCUMENT_TYPE": "DOCUMENTS_MISSING", "REFERENCE_FORM": "REFERENCE_NOT_ENOUGH"}
    state.settle(profile, req.key, status == "COMPLIANT", [default_tag.get(req.type, "CHECK_NOT_COMPLETED")])
    return f"{req.name}: {status}; overall {profile.compliance_status}"


def set_compliance(person, status) -> str:
    profile = _profile(person)
    return f"overall compliance {state.set_compliance(profile, status)}"


def update_dbs(person, status) -> str:
    check = state.dbs_update(profile=_profile(person), status=status)
    return f"DBS check {check.pk}: {status}"


def update_right_to_work(person, status) -> str:
    state.right_to_work_update(profile=_profile(person), status=status)
    return f"right to work: {status}"


def add_reference(person, referee_name, referee_email) -> str:
    if not referee_name or not referee_email:
        raise ValueError("referee name and e-mail are required")
    ref = state.reference_save(profile=_profile(person), referee_name=referee_name, referee_email=referee_email)
    return f"reference {ref.public_id} requested"


def complete_reference(person, status) -> str:
    profile = _profile(person)
    ref = profile.references.exclude(status=status).order_by("id").first()
    if ref is None:
        raise LookupError("no reference of this person to change; add one first")
    state.reference_save(profile=profile, reference_id=ref.public_id, status=status)
    return f"reference from {ref.referee_name}: {status}"


def set_onboarding(person, steps_completed) -> str:
    steps = state.onboarding_set(profile=_profile(person), steps_completed=int(steps_completed or 0))
    return f"onboarding: {sum(s['completed'] for s in steps)} of {len(steps)} steps"


def edit_profile(person, field, value) -> str:
    if not field:
        raise ValueError("name the field to change")
    state.profile_edit(profile=_profile(person), field=field, value=value)
    return f"{field} set"


def set_duplicates(percent) -> str:
    value = int(percent or 0)
    if not 0 <= value <= 100:
        raise ValueError("a percentage from 0 to 100")
    org = organisation()
    org.duplicate_percent = value
    org.save(update_fields=["duplicate_percent"])
    return f"{value}% of callbacks will be sent twice"


def seed_staff(count) -> str:
    organisation()
    seed_bulk(staff=int(count or 100))
    return f"{count} staff added"


def actions() -> list[Action]:
    requirement_choices = lambda: [(key, name) for key, _t, name, *_ in catalogue.REQUIREMENTS]  # noqa: E731
    return [
        Action(
            "upload_document",
            "Upload a document (or a new version)",
            upload_document,
            (
                PERSON,
                ActionField("type_key", "Document type", _choices(catalogue.DOCUMENT_TYPES), "PASSPORT"),
                ActionField("size_kb", "File size in KB (over 20480 makes an oversize file)", default="64"),
                ActionField("issued", "Issue date (yyyy-mm-dd)"),
                ActionField("expiry", "Expiry date (yyyy-mm-dd)"),
                ActionField("number", "Document number"),
                ActionField("status", "File status", _choices(catalogue.FILE_STATUSES), "AWAITING_APPROVAL"),
            ),
            help="Each upload to a type the person already has becomes a new version with its own file id.",
        ),
        Action(
            "set_requirement",
            "Change a requirement's status",
            set_requirement,
            (
                PERSON,
                ActionField("requirement", "Requirement", requirement_choices),
                ActionField("status", "Status", _choices(("COMPLIANT", "NOT_COMPLIANT"))),
            ),
        ),
        Action(
            "set_compliance",
            "Set overall compliance",
            set_compliance,
            (PERSON, ActionField("status", "Status", _choices(("COMPLIANT", "NOT_COMPLIANT")))),
        ),
        Action(
            "update_dbs",
            "Update the DBS check",
            update_dbs,
            (PERSON, ActionField("status", "DBS result", _choices(catalogue.DBS_STATUSES))),
        ),
        Action(
            "update_right_to_work",
            "Update right to work",
            update_right_to_work,
            (PERSON, ActionField("status", "Status", _choices(("OK", "EXPIRED", "MISSING")))),
        ),
        Action(
            "add_reference",
            "Request a reference",
            add_reference,
            (PERSON, ActionField("referee_name", "Referee name"), ActionField("referee_email", "Referee e-mail")),
        ),
        Action(
            "complete_reference",
            "Change a reference's status",
            complete_reference,
            (PERSON, ActionField("status", "Status", _choices(("OK", "EXPIRED", "MISSING")), "OK")),
        ),
        Action(
            "set_onboarding",
            "Set onboarding progress",
            set_onboarding,
            (PERSON, ActionField("steps_completed", "Steps completed", default="1")),
        ),
        Action(
            "edit_profile",
            "Edit a profile field",
            edit_profile,
            (
                PERSON,
                ActionField("field", "Field (first_name, phone, job_title, ... or a custom field)"),
                ActionField("value", "New value"),
            ),
        ),
        Action(
            "set_duplicates",
            "Send some callbacks twice",
            set_duplicates,
            (ActionField("percent", "Percent of callbacks sent twice", default="0"),),
            help="Credentially may deliver an event more than once; the hub must process it once.",
        ),
        Action(
            "seed_staff",
            "Add many invited staff (bulk)",
            seed_staff,
            (ActionField("count", "How many", default="100"),),
        ),
    ]


def sections() -> list[Section]:
    return [_staff(), _requirements(), _documents(), _checks(), _references(), _subscriptions()]


def _staff() -> Section:
    rows = [
        [
            p.public_id,
            f"{p.first_name} {p.last_name}",
            p.email,
            p.phone,
            p.role.name if p.role else "",
            p.job_status,
            p.compliance_status,
            p.custom_fields,
            f"{sum(1 for s in p.onboarding_steps if s.get('completed'))}/{len(p.onboarding_steps)}",
        ]
        for p in Profile.objects.select_related("role").order_by("id")[:ROWS]
    ]
    return Section(
        "Staff",
        ["id", "name", "e-mail", "phone", "role", "job status", "compliance", "custom fields", "onboarding"],
        rows,
    )


def _requirements() -> Section:
    rows = [
        [r.profile.email, r.name, r.type, r.compliance_status, ", ".join(map(str, r.tags))]
        for r in Requirement.objects.select_related("profile").order_by("profile_id", "id")[: ROWS * 5]
    ]
    return Section("Requirements", ["staff", "requirement", "type", "status", "tags"], rows)


# (column, attribute path from the file version)
DOCUMENT_COLUMNS = (
    ("staff", "document.profile.email"),
    ("type", "document.type_key"),
    ("document", "document.public_id"),
    ("file id", "file_id"),
    ("file", "origin_name"),
    ("bytes", "size"),
    ("content type", "content_type"),
    ("issued", "issued"),
    ("expiry", "expiry"),
    ("number", "number"),
    ("status", "status"),
)


def _documents() -> Section:
    files = DocumentFile.objects.select_related("document__profile").defer("content")
    values = [attrgetter(path) for _column, path in DOCUMENT_COLUMNS]
    rows = [
        [value(f) for value in values] for f in files.order_by("document__profile_id", "document_id", "id")[: ROWS * 2]
    ]
    return Section("Documents (every version)", [column for column, _path in DOCUMENT_COLUMNS], rows)


def _checks() -> Section:
    rows = []
    for p in Profile.objects.select_related("right_to_work").prefetch_related("dbs_checks").order_by("id")[:ROWS]:
        dbs = ", ".join(f"{c.status} ({c.level})" for c in p.dbs_checks.all()) or "none"
        rtw = getattr(p, "right_to_work", None)
        reg = f"{p.registration_type} {p.registration_number} {p.registration_status}".strip()
        rows.append([p.email, dbs, rtw.status if rtw else "MISSING", reg or "none"])
    return Section("Checks", ["staff", "DBS", "right to work", "registration"], rows)


def _references() -> Section:
    rows = [
        [r.profile.email, r.public_id, r.referee_name, r.status, r.source_status]
        for r in Reference.objects.select_related("profile").order_by("id")[: ROWS * 2]
    ]
    return Section("References", ["staff", "id", "referee", "status", "source status"], rows)


def _subscriptions() -> Section:
    rows = [
        [s.public_id, s.callback_url, s.webhook_name, ", ".join(s.event_types), s.created_at]
        for s in Subscription.objects.order_by("id")
    ]
    return Section("Webhook subscriptions", ["id", "callback URL", "webhook name", "events", "created"], rows)
