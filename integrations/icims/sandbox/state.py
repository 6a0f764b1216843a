"""What the emulated iCIMS does to its state: render profiles, apply PATCHes, move workflows.

A move into a status that a notification target lists fires the gzip-compressed, Basic-auth
`WorkFlowStatusChangeEvent` (contract §3), queued after commit like iCIMS's own sender; in the
variant `hmac` it is signed with iCIMS's HMAC scheme under the target's key instead.
"""

import base64
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from integrations.icims import signing
from integrations.icims.events import STATUS_CHANGE_EVENT
from integrations.icims.payloads import format_datetime
from integrations.icims.sandbox import seed
from integrations.icims.sandbox.models import Customer, NotificationTarget, Status, Workflow
from integrations.sandbox.outbox import send_webhook
from integrations.sandbox.variants import variant_on

COLLECTION_FIELDS = {"phones", "addresses", "education", "assessmentresults", "bgcresults", "workexperience"}


def api_url(customer: Customer, path: str) -> str:
    return f"{settings.HUB_BASE_URL}/sandbox/icims/customers/{customer.customer_id}/{path}"


def present(fields: dict, only: list[str] | None = None) -> dict:
    """Profile fields as GET returns them: empty ones omitted, `?fields=` honoured (§2.2)."""
    shown = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    if only:
        shown = {k: v for k, v in shown.items() if k in only}
    return shown


def merge(fields: dict, values: dict) -> dict:
    """A PATCH: send only the keys to change; null or "" clears a field."""
    merged = dict(fields)
    for key, value in values.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def workflow_fields(wf: Workflow) -> dict:
    customer = wf.customer
    return {
        **wf.fields,
        "baseprofile": {
            "profile": api_url(customer, f"jobs/{wf.job_id}"),
            "id": wf.job_id,
            "value": f"{wf.job.fields.get('jobtitle', '')} ({wf.job_id})",
        },
        "associatedprofile": {
            "profile": api_url(customer, f"people/{wf.person_id}"),
            "id": wf.person_id,
            "value": wf.person.display_name,
        },
        "status": wf.status.as_list_value(),
        "source": wf.source,
        "updateddate": format_datetime(wf.updated_at),
    }


def resolve_status(customer: Customer, value) -> Status | None:
    """A status given as {"id": node}, {"value": label}, a node id or a label."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("value")
    if not value:
        return None
    statuses = customer.statuses.all()
    return next((s for s in statuses if str(value) in (s.node_id, s.name)), None) or next(
        (s for s in statuses if s.name.lower() == str(value).lower()), None
    )


def workflow_move(wf: Workflow, status: Status) -> int:
    """Move a candidate to `status`; returns how many event notifications were queued."""
    old = wf.status
    wf.status = status
    wf.save()
    if old.pk == status.pk:
        return 0  # iCIMS fires on a change of status only
    return notify_status_change(wf, old_status=old.node_id)


def notify_status_change(wf: Workflow, *, old_status: str) -> int:
    customer, sent = wf.customer, 0
    for target in customer.targets.filter(enabled=True):
        if wf.status.node_id not in target.trigger_statuses:
            continue
        body, link_header = status_change_body(wf, old_status=old_status)
        headers, sign = {"Link": link_header}, None
        if variant_on("icims", "hmac"):
            sign = _hmac_signer(target)
        else:
            auth = base64.b64encode(f"{target.username}:{target.password}".encode()).decode()
            headers["Authorization"] = f"Basic {auth}"
        for _ in range(max(1, target.repeat)):
            send_webhook(
                system="icims",
                url=target.url,
                body=body,
                headers=headers,
                event_type=STATUS_CHANGE_EVENT,
                gzip_body=True,
                sign=sign,
                retry=False,  # iCIMS documents no retry of a failed notification (contract §3.1)
            )
            sent += 1
    return sent


def _hmac_signer(target: NotificationTarget):
    """Sign the JSON body as iCIMS signs its notifications (the hash is of the body before gzip)."""
    url = urlsplit(target.url)

    def sign(raw: bytes) -> dict:
        return signing.sign_request(
            key=target.hmac_key,
            user=target.username,
            method="POST",
            url_path=url.path,
            query=url.query,
            host=url.netloc,
            body=raw,
        )

    return sign


def status_change_body(wf: Workflow, *, old_status: str) -> tuple[dict, str]:
    customer = wf.customer
    user_id = customer.api_user_person_id or 0
    links = [
        {
            "rel": "applicantworkflow",
            "title": "Recruiting Workflow",
            "url": api_url(customer, f"applicantworkflows/{wf.pk}"),
        },
        {"rel": "person", "title": "Person Profile", "url": api_url(customer, f"people/{wf.person_id}")},
        {"rel": "job", "title": "Job Profile", "url": api_url(customer, f"jobs/{wf.job_id}")},
        {"rel": "user", "title": "Recruiter", "url": api_url(customer, f"people/{user_id}")},
    ]
    body = {
        "eventType": STATUS_CHANGE_EVENT,
        "customerId": customer.customer_id,
        "systemId": str(wf.pk),
        "personId": str(wf.person_id),
        "jobId": str(wf.job_id),
        "userId": str(user_id),
        "newStatus": wf.status.node_id,
        "oldStatus": old_status,
        "links": links,
    }
    header = ",".join(f'{x["url"]};rel="{x["rel"]}";title="{x["title"]}"' for x in links)
    return body, header


@transaction.atomic
def workflow_create(customer: Customer, *, person, job, status: Status, source: str = "") -> Workflow:
    wf = Workflow.objects.create(customer=customer, person=person, job=job, status=status, source=source)
    notify_status_change(wf, old_status="")
    return wf


def register_target(*, url: str, username: str, secret: str, slug: str) -> NotificationTarget:
    """A hub connection's Event Notifications target; a new one fires on every seeded trigger status.
    Its HMAC key (variant `hmac`) is the seeded one, which the demo connection holds as well."""
    customer = seed.seed_tenant()
    defaults = {"url": url, "username": username, "enabled": True, "hmac_key": seed.NOTIFICATION_HMAC_KEY}
    if secret:  # the hub re-issues a secret on refresh; keep the old one when none is given
        defaults["password"] = secret
    target, made = NotificationTarget.objects.update_or_create(customer=customer, slug=slug, defaults=defaults)
    if made:
        target.trigger_statuses = list(seed.TRIGGER_STATUSES)
        target.save(update_fields=["trigger_statuses"])
    return target


def latest_group(fields: dict, collection: str) -> dict:
    groups = fields.get(collection) or []
    return groups[-1] if groups else {}
