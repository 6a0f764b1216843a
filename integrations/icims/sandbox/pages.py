"""The iCIMS sandbox page: the recruiter's actions (move, create, edit, repeat notifications) and
the tables of emulator state it shows."""

from django.db import transaction

from integrations.icims.events import STATUS_CHANGE_EVENT
from integrations.icims.payloads import list_value
from integrations.icims.sandbox import seed, state
from integrations.icims.sandbox.models import (
    Customer,
    Job,
    NotificationTarget,
    Person,
    Workflow,
)
from integrations.sandbox.base import Action, ActionField, Section
from integrations.sandbox.variants import variant_on


def actions() -> list[Action]:
    return [
        Action(
            "move_candidate",
            "Move a candidate to a status",
            _move_candidate,
            fields=(
                ActionField("workflow", "Candidate and job", _workflow_choices),
                ActionField("status", "New status", _status_choices),
            ),
            help=f"Moving into a trigger status sends a {STATUS_CHANGE_EVENT} to the hub.",
        ),
        Action(
            "create_candidate",
            "Create a candidate applying to a job",
            _create_candidate,
            fields=(
                ActionField("first_name", "First name", default="Jordan"),
                ActionField("last_name", "Last name", default="Lee"),
                ActionField("email", "E-mail", default="jordan.lee@example.org"),
                ActionField("job", "Job", _job_choices),
                ActionField("status", "Status", _status_choices),
            ),
        ),
        Action(
            "edit_person_field",
            "Edit a person field",
            _edit_person_field,
            fields=(
                ActionField("person", "Person", _person_choices),
                ActionField("field", "Field id (e.g. email, field50011)", default="email"),
                ActionField("value", "New value (empty clears it)"),
            ),
        ),
        Action(
            "notification_repeat",
            "Send each event notification N times",
            _notification_repeat,
            fields=(ActionField("times", "Times (1 = normal; 2 = iCIMS's duplicates)", default="1"),),
            help="iCIMS warns the same action can notify twice; use 2 to watch the hub deduplicate.",
        ),
    ]


def sections() -> list[Section]:
    customer = Customer.objects.filter(customer_id=seed.CUSTOMER_ID).first()
    if customer is None:
        return [Section("Not seeded yet", ["hint"], [["Run the demo seed to create the tenant."]])]
    return [
        _people_section(customer),
        _hub_fields_section(customer),
        _workflow_section(customer),
        _jobs_section(customer),
        _targets_section(customer),
    ]


def _customer() -> Customer:
    return seed.seed_tenant()


def _workflow_choices() -> list[tuple[str, str]]:
    rows = Workflow.objects.select_related("person", "job", "status").filter(customer__customer_id=seed.CUSTOMER_ID)
    return [(str(w.pk), f"#{w.pk} {w.person.display_name} - {w.job} ({w.status.name})") for w in rows]


def _status_choices() -> list[tuple[str, str]]:
    return list(seed.STATUSES.items())


def _job_choices() -> list[tuple[str, str]]:
    return [(str(j.pk), str(j)) for j in Job.objects.filter(customer__customer_id=seed.CUSTOMER_ID)]


def _person_choices() -> list[tuple[str, str]]:
    people = Person.objects.filter(customer__customer_id=seed.CUSTOMER_ID)
    return [(str(p.pk), f"#{p.pk} {p.display_name}") for p in people]


@transaction.atomic
def _move_candidate(*, workflow: str, status: str) -> str:
    customer = _customer()
    wf = Workflow.objects.select_related("status").get(customer=customer, pk=int(workflow))
    target = customer.statuses.get(node_id=status)
    sent = state.workflow_move(wf, target)
    return f"{wf.person.display_name} moved to {target.name}; {sent} event notification(s) queued."


@transaction.atomic
def _create_candidate(*, first_name: str, last_name: str, email: str, job: str, status: str) -> str:
    customer = _customer()
    if not (first_name and last_name and email):
        raise ValueError("first name, last name and e-mail are required")
    person = Person.objects.create(customer=customer, fields=seed.person_fields(first_name, last_name, email))
    wf = state.workflow_create(
        customer,
        person=person,
        job=Job.objects.get(customer=customer, pk=int(job)),
        status=customer.statuses.get(node_id=status),
        source="Sandbox page",
    )
    return f"Created person #{person.pk} and recruiting workflow #{wf.pk} at {wf.status.name}."


def _edit_person_field(*, person: str, field: str, value: str) -> str:
    customer = _customer()
    if not field or field != field.lower():
        raise ValueError("field ids are lower-case, e.g. email or field50011")
    obj = Person.objects.get(customer=customer, pk=int(person))
    obj.fields = state.merge(obj.fields, {field: value})
    obj.save()
    return f"{obj.display_name}: {field} {'set' if value else 'cleared'}."


def _notification_repeat(*, times: str) -> str:
    count = int(times)
    if not 1 <= count <= 5:
        raise ValueError("choose between 1 and 5")
    updated = NotificationTarget.objects.filter(customer__customer_id=seed.CUSTOMER_ID).update(repeat=count)
    return f"{updated} notification target(s) now send each event {count} time(s)."


def _people_section(customer: Customer) -> Section:
    rows = []
    for p in Person.objects.filter(customer=customer).prefetch_related("files"):
        custom = {k: v for k, v in p.fields.items() if k.startswith("field")}
        phones = ", ".join(x.get("phonenumber", "") for x in p.fields.get("phones") or [])
        docs = ", ".join(f"{f.field}: {f.filename} ({f.content_type}, {f.size} B)" for f in p.files.all())
        rows.append([p.pk, p.display_name, p.fields.get("email", ""), phones, custom or "", docs])
    return Section("People", ["id", "name", "e-mail", "phone", "custom fields", "files"], rows)


def _hub_fields_section(customer: Customer) -> Section:
    """What the hub wrote on each person, under the names recruiters see: compliance (the
    connector's custom fields), screening results and the document history."""
    labels = customer.custom_fields.get("people", {})
    rows = []
    for person in Person.objects.filter(customer=customer).prefetch_related("workflows"):
        compliance = {labels[k]: _shown(v) for k, v in person.fields.items() if k in labels and v not in ("", None, [])}
        screening = [_screening_line("person", person.fields)]
        screening += [_screening_line(f"workflow #{wf.pk}", wf.fields) for wf in person.workflows.all()]
        screening = [line for line in screening if line]
        documents = [_document_line(g) for g in person.fields.get(seed.ATTACHMENT_COLLECTION) or []]
        if compliance or screening or documents:
            rows.append([person.pk, person.display_name, compliance or "-", screening or "-", documents or "-"])
    return Section(
        "Compliance and screening on each person (what the hub wrote)",
        ["id", "person", "compliance fields", "screening results", "document history"],
        rows,
    )


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return list_value(value)


def _screening_line(where: str, fields: dict) -> str:
    latest = state.latest_group(fields, "bgcresults")
    if not latest:
        return ""
    parts = [list_value(latest.get("bgcorderstatus")), latest.get("bgcresult", ""), latest.get("bgcreporturl", "")]
    return f"{where}: " + " · ".join(p for p in parts if p)


def _document_line(group: dict) -> str:
    dates = " ".join(f"{k} {group[k]}" for k in ("issuedate", "expirydate") if group.get(k))
    name = list_value(group.get("documentname")) or list_value(group.get("documenttype")) or "document"
    file = group.get("filename") or group.get("notsentreason") or ""
    return " ".join(p for p in (name, f"({file})" if file else "", dates) if p)


def _workflow_section(customer: Customer) -> Section:
    rows = []
    for wf in Workflow.objects.filter(customer=customer).select_related("person", "job", "status"):
        bgc = state.latest_group(wf.fields, "bgcresults") or state.latest_group(wf.person.fields, "bgcresults")
        rows.append(
            [
                wf.pk,
                wf.person.display_name,
                str(wf.job),
                f"{wf.status.name} ({wf.status.node_id})",
                list_value(bgc.get("bgcorderstatus")),
                bgc.get("bgcresult", ""),
                bgc.get("bgcreporturl", ""),
                wf.updated_at.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return Section(
        "Recruiting workflows",
        ["id", "person", "job", "status", "screening status", "result", "report link", "updated"],
        rows,
    )


def _jobs_section(customer: Customer) -> Section:
    rows = [
        [
            j.pk,
            j.fields.get("jobtitle", ""),
            list_value(j.fields.get("joblocation")),
            ", ".join(list_value(x) for x in j.fields.get("bgcpackagetype") or []),
        ]
        for j in Job.objects.filter(customer=customer)
    ]
    return Section("Jobs", ["id", "title", "location", "background check package"], rows)


def _targets_section(customer: Customer) -> Section:
    names = dict(seed.STATUSES)
    signed_with = "HMAC (variant hmac)" if variant_on("icims", "hmac") else "Basic"
    rows = [
        [
            t.slug,
            t.url,
            t.username,
            "set" if t.password else "not set",
            signed_with,
            ", ".join(names.get(s, s) for s in t.trigger_statuses),
            t.repeat,
            "on" if t.enabled else "off",
        ]
        for t in customer.targets.all()
    ]
    return Section(
        "Event notifications",
        ["connection", "URL", "username", "password", "signed with", "trigger statuses", "sent times", "enabled"],
        rows,
    )
