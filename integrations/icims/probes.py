"""The iCIMS connection check: read-only probes of what the flows rely on (contract §1-§3).

Each line is one read: the credentials (GET customer), the OAuth token's life, the Search API in
iCIMS's date form, a recruiting workflow, its person and job. iCIMS has no API that shows its
Event Notifications settings, so whether they point at this hub cannot be read: that line is
skipped with what to ask the consultant; the line after it checks this side is ready for either
sign-in iCIMS may use (Basic or HMAC).
"""

import time
from datetime import UTC, datetime, timedelta

from django.core.cache import cache

from integrations.client.errors import ClientError, NotFound, TransientError, Unauthorized
from integrations.icims.client_auth import OAUTH, auth_method
from integrations.icims.payloads import WorkflowData
from integrations.probes import CheckLine, failed, passed, skipped

CREDENTIALS = "iCIMS accepts the credentials"
TOKEN = "OAuth token"
SEARCH = "Search API answers"
WORKFLOW = "Recruiting workflows can be read"
PEOPLE_JOBS = "Candidates and jobs can be read"
TARGET = "Event notifications point at this hub"
NOTIFY_AUTH = "Event notification sign-in is set up"


def _credential_fix(connection) -> str:
    # iCIMS credentials belong to one customer: a wrong customer id is refused like a wrong password.
    customer = " Check too that the customer id is the number in https://api.icims.com/customers/<id>/."
    if auth_method(connection) == OAUTH:
        return (
            "Ask your iCIMS consultant for the integration's current OAuth client id and secret, enter them on "
            "this connection and save. If iCIMS gave you an API username and password instead, enter those and "
            "set 'API sign-in' to basic." + customer
        )
    return (
        "Ask your iCIMS consultant for the API user's current username and password, enter them on this "
        "connection and save. If iCIMS issued an OAuth client id and secret instead (it may refuse Basic "
        "sign-in), enter those and set 'API sign-in' to oauth." + customer
    )


def api_checks(connection) -> list[CheckLine]:
    client, how = connection.client(), auth_method(connection)
    try:
        customer = client.get_customer()
    except Unauthorized as exc:
        line = failed(CREDENTIALS, f"iCIMS refused the {how} sign-in. ({exc})", _credential_fix(connection))
        return [line, *_not_checked("iCIMS refused the credentials")]
    except NotFound as exc:
        fix = (
            "Check the customer id (the number in https://api.icims.com/customers/<id>/) and the region: "
            "customers hosted in the EU use the 'eu' region."
        )
        line = failed(CREDENTIALS, f"iCIMS knows no customer {client.customer_id} here. ({exc})", fix)
        return [line, *_not_checked("the customer was not found")]
    kind = customer.get("customerType") or "type not given"
    detail = f"Signed in ({how}) to {customer.get('name', '')} (customer {customer.get('id')}, {kind})."
    return [passed(CREDENTIALS, detail), _token_line(connection, client), *_read_lines(client)]


def _not_checked(why: str, names=(TOKEN, SEARCH, WORKFLOW, PEOPLE_JOBS)) -> list[CheckLine]:
    return [skipped(name, f"Not checked: {why}.") for name in names]


def _token_line(connection, client) -> CheckLine:
    if auth_method(connection) != OAUTH:
        return skipped(TOKEN, "Basic sign-in: there is no token to expire.")
    cached = cache.get(client.token_cache_key())
    left = int((cached[1] - time.time()) / 60) if cached else 0
    return passed(TOKEN, f"iCIMS issued a token; Crosswalk renews it by itself (this one for {left} more minutes).")


def _read_lines(client) -> list[CheckLine]:
    since = datetime.now(UTC) - timedelta(days=1)
    try:
        hit = next(iter(client.search_workflows(updated_since=since)), None)
        if hit is None:  # nothing moved yesterday: any workflow at all will do
            hit = next(iter(client.search_workflows()), None)
    except TransientError:
        raise
    except ClientError as exc:
        fix = (
            "Ask your iCIMS consultant to add the API user to the 'Integration User' group: iCIMS lets only "
            "that group use the Search API, which Crosswalk uses to find candidates at a stage."
        )
        line = failed(SEARCH, f"iCIMS refused a search of recruiting workflows. ({exc})", fix)
        return [line, *_not_checked("the search failed", (WORKFLOW, PEOPLE_JOBS))]
    lines = [passed(SEARCH, "A search of recruiting workflows by date answered (iCIMS's {DATE:...} form).")]
    if hit is None:
        return [*lines, *_not_checked("there is no recruiting workflow in iCIMS yet", (WORKFLOW, PEOPLE_JOBS))]
    data = client.get_workflow(hit["id"], fields=["baseprofile", "associatedprofile", "status"])
    workflow = WorkflowData.from_api(hit["id"], data)
    if not (workflow.person_id and workflow.status_id):
        fix = (
            "Ask your iCIMS consultant to let the API user see the recruiting workflow's Person, Job and Status "
            "fields (Security Rules): Crosswalk reads them before acting on any event."
        )
        line = failed(WORKFLOW, f"Workflow {workflow.id} came back without its candidate or status.", fix)
        return [*lines, line, *_not_checked("no candidate to read", (PEOPLE_JOBS,))]
    lines.append(passed(WORKFLOW, f"Workflow {workflow.id} read: status {workflow.status or workflow.status_id}."))
    client.get_person(workflow.person_id, fields=["email"])
    if workflow.job_id:
        client.get_job(workflow.job_id, fields=["jobtitle"])
    return [*lines, passed(PEOPLE_JOBS, f"Candidate {workflow.person_id} and job {workflow.job_id or '-'} read.")]


def notification_checks(connection) -> list[CheckLine]:
    url = connection.webhook_url
    how = f"Basic with the username {connection.webhook_username}" if connection.webhook_username else "Basic"
    target = skipped(
        TARGET,
        "iCIMS has no API that shows its Event Notifications settings, so Crosswalk cannot read them. Ask your "
        f"iCIMS consultant to confirm the 'Workflow status update' notification goes to {url} ({how}, or HMAC "
        "with the key set on this connection).",
    )
    has_basic = bool(connection.webhook_secret_hash)
    has_hmac = bool(connection.credential("webhook_hmac_key"))
    if not (has_basic or has_hmac):
        fix = (
            "Rotate this connection's webhook secret (to get a Basic username and password for iCIMS), or enter "
            "the HMAC key agreed with your iCIMS consultant as 'Event notification HMAC key', then save."
        )
        detail = "Crosswalk holds neither a Basic password nor an HMAC key for iCIMS's notifications."
        return [target, failed(NOTIFY_AUTH, detail, fix)]
    kinds = " and ".join(k for k, on in (("Basic", has_basic), ("HMAC", has_hmac)) if on)
    return [target, passed(NOTIFY_AUTH, f"Notifications signed in with {kinds} are accepted.")]


PROBES = [api_checks, notification_checks]
