"""The sandbox tenant: one customer, its status list, two jobs and five candidates.

Connector demos and tests refer to the constants here (status node ids, the customer id), so
they are plain module constants. Node ids follow iCIMS's pattern: D... are iCIMS defaults,
C... customer-made (contract §2.2).
"""

from django.db import transaction

from integrations.icims.sandbox.models import Customer, Job, Person, Status, Workflow

CUSTOMER_ID = "7712"
API_USERNAME = "crosswalk-integration"
API_PASSWORD = "sandbox-icims-password"  # the sandbox's own API user; a real tenant's comes from iCIMS
API_CLIENT_ID = "crosswalk-oauth-client"  # the sandbox's OAuth 2.0 client (variant `oauth`)
API_CLIENT_SECRET = "sandbox-icims-client-secret"
NOTIFICATION_HMAC_KEY = "sandbox-icims-notification-key"  # signs events in the variant `hmac`

STATUS_APPLIED = "D10100"
STATUS_PHONE_SCREEN = "C2030"
STATUS_INTERVIEW = "C2035"
STATUS_OFFER_ACCEPTED = "C2047"
STATUS_BACKGROUND_CHECK = "C2050"
STATUS_BACKGROUND_CHECK_COMPLETE = "C2055"
STATUS_ONBOARDING = "C2060"
STATUS_HIRED = "C2070"
STATUS_NOT_SELECTED = "D10150"

STATUSES = {  # node id -> the name recruiters see, in pipeline order
    STATUS_APPLIED: "Recently Applied",
    STATUS_PHONE_SCREEN: "Phone Screen",
    STATUS_INTERVIEW: "Interview",
    STATUS_OFFER_ACCEPTED: "Offer Accepted",
    STATUS_BACKGROUND_CHECK: "Background Check",
    STATUS_BACKGROUND_CHECK_COMPLETE: "Background Check Complete",
    STATUS_ONBOARDING: "Onboarding",
    STATUS_HIRED: "Hired",
    STATUS_NOT_SELECTED: "Not Selected",
}
CERTN_TRIGGER_STATUSES = (STATUS_OFFER_ACCEPTED, STATUS_BACKGROUND_CHECK)
CREDENTIALLY_TRIGGER_STATUSES = (STATUS_ONBOARDING, STATUS_HIRED)
TRIGGER_STATUSES = CERTN_TRIGGER_STATUSES + CREDENTIALLY_TRIGGER_STATUSES

FILE_FIELDS = {  # person file fields; "collection/child" is a file inside each group of a collection
    "resume": "Resume",
    "field60101": "Compliance documents",
    "field60102": "Background check report",
    "field60110/documentfile": "Document history: file",
}
ATTACHMENT_COLLECTION, ATTACHMENT_FILE_CHILD = "field60110", "documentfile"
CUSTOM_FIELDS = {
    "people": {
        "field50011": "Professional registration number",
        "field50012": "Compliance profile link",
        "field50013": "Background check report link",
        # where the ATS <-> Credentially connector's standard mapping rows write (mappings.compliance.standard)
        "credentiallycompliancestatus": "Credentially: compliance status",
        "credentiallycompliancereasons": "Credentially: compliance reasons",
        "credentiallyrequirements": "Credentially: requirements",
        "credentiallyrequirementsmet": "Credentially: requirements met",
        "credentiallydocuments": "Credentially: documents",
        "credentiallydbsstatus": "Credentially: DBS status",
        "credentiallydbslevel": "Credentially: DBS level",
        "credentiallyrighttowork": "Credentially: right to work",
        "credentiallyregistrationstatus": "Credentially: registration status",
        "credentiallyreferencestatus": "Credentially: references status",
        "credentiallyreferences": "Credentially: references",
        "credentiallyonboardingstatus": "Credentially: onboarding status",
        "credentiallyonboardingprogress": "Credentially: onboarding progress",
    },
    "jobs": {"field50021": "Cost centre"},
    "applicantworkflows": {},
}
PACKAGE_HEALTHCARE = {"id": "C60001", "value": "Healthcare Standard"}
PACKAGE_BASIC = {"id": "C60002", "value": "Basic Criminal Record"}

JOBS = [
    {
        "jobtitle": "Registered Nurse - ICU",
        "joblocation": {"id": "C70001", "value": "Vancouver General"},
        "bgcpackagetype": [PACKAGE_HEALTHCARE],
        "field50021": "ICU-204",
    },
    {
        "jobtitle": "Care Assistant",
        "joblocation": {"id": "C70002", "value": "Burnaby Care Home"},
        "bgcpackagetype": [PACKAGE_BASIC],
        "field50021": "CARE-118",
    },
]
CANDIDATES = [  # (first, last, e-mail, phone, job index, status)
    ("Amara", "Okafor", "amara.okafor@example.org", "+1 604 555 0134", 0, STATUS_OFFER_ACCEPTED),
    ("Liam", "Chen", "liam.chen@example.org", "+1 604 555 0177", 0, STATUS_INTERVIEW),
    ("Sofia", "Martins", "sofia.martins@example.org", "+1 604 555 0199", 1, STATUS_BACKGROUND_CHECK_COMPLETE),
    ("Noah", "Williams", "noah.williams@example.org", "+1 604 555 0142", 1, STATUS_APPLIED),
    ("Priya", "Patel", "priya.patel@example.org", "+1 604 555 0168", 1, STATUS_PHONE_SCREEN),
]


def person_fields(first: str, last: str, email: str, phone: str = "") -> dict:
    fields = {"firstname": first, "lastname": last, "email": email, "folder": {"id": "D32013", "value": "Candidate"}}
    if phone:
        fields["phones"] = [{"entry": 1, "phonetype": {"id": "D84002", "value": "Mobile"}, "phonenumber": phone}]
    return fields


@transaction.atomic
def seed_tenant() -> Customer:
    """Create the sandbox tenant once; later calls only add what is missing."""
    customer, _ = Customer.objects.get_or_create(
        customer_id=CUSTOMER_ID,
        defaults={
            "name": "Northwind Health",
            "api_username": API_USERNAME,
            "api_password": API_PASSWORD,
            "api_client_id": API_CLIENT_ID,
            "api_client_secret": API_CLIENT_SECRET,
            "file_fields": FILE_FIELDS,
            "custom_fields": CUSTOM_FIELDS,
        },
    )
    _add_missing_fields(customer)
    for order, (node_id, name) in enumerate(STATUSES.items()):
        Status.objects.get_or_create(customer=customer, node_id=node_id, defaults={"name": name, "order": order})
    if not Person.objects.filter(customer=customer).exists():
        _seed_people(customer)
    return customer


def _add_missing_fields(customer: Customer) -> None:
    """A tenant seeded by an older version gains fields added since, keeping any edits."""
    files = {**FILE_FIELDS, **customer.file_fields}
    custom = {kind: {**fields, **customer.custom_fields.get(kind, {})} for kind, fields in CUSTOM_FIELDS.items()}
    if files != customer.file_fields or custom != customer.custom_fields:
        customer.file_fields, customer.custom_fields = files, custom
        customer.save(update_fields=["file_fields", "custom_fields"])
    if not customer.api_client_id:
        customer.api_client_id, customer.api_client_secret = API_CLIENT_ID, API_CLIENT_SECRET
        customer.save(update_fields=["api_client_id", "api_client_secret"])


def _seed_people(customer: Customer) -> None:
    recruiter = Person.objects.create(
        customer=customer,
        fields={
            **person_fields("Dana", "Reyes", "dana.reyes@northwind.example"),
            "folder": {"id": "D32020", "value": "Recruiter"},
        },
    )
    customer.api_user_person_id = recruiter.pk
    customer.save(update_fields=["api_user_person_id"])
    jobs = [
        Job.objects.create(customer=customer, fields={**data, "recruiter": _link(customer, recruiter)}) for data in JOBS
    ]
    statuses = {s.node_id: s for s in customer.statuses.all()}
    for first, last, email, phone, job_index, status in CANDIDATES:
        person = Person.objects.create(customer=customer, fields=person_fields(first, last, email, phone))
        Workflow.objects.create(
            customer=customer, person=person, job=jobs[job_index], status=statuses[status], source="Careers site"
        )


def _link(customer: Customer, person: Person) -> dict:
    from integrations.icims.sandbox.state import api_url

    return {"profile": api_url(customer, f"people/{person.pk}"), "id": person.pk, "value": person.display_name}
