"""Connection-check line of the iCIMS connection: the packages jobs choose are ones Crosswalk knows.

A job's package is its 'BGCheck Package' list (`bgcpackagetype`): iCIMS's help centre says
recruiters pick it on the job, and an iCIMS answer on its developer forum says it is stored in
that field (icims.md §3.3). What a tenant's list values are called is up to its consultant
(unconfirmed), so this line reads the jobs of candidates at the mapped stages (or, if none, of
recently moved candidates) and says which of their values name no check package: for those
jobs the stage's package would be ordered instead.
"""

from datetime import UTC, datetime, timedelta
from itertools import islice

from integrations.icims.payloads import WorkflowData
from integrations.probes import CheckLine, failed, passed, register_connector_probe, skipped
from mappings.screening.selectors import job_package
from mappings.screening.services import settings_for_icims
from sync.flows.screening.order import read_job
from sync.flows.screening.ordering import ORDER_FLOW
from sync.services.runs import flow_row

NAME = "Packages chosen on jobs are known"
FIELD = "bgcpackagetype"
SAMPLE = 10  # workflows read: each costs iCIMS calls out of the customer's daily allowance


def job_packages(connection) -> CheckLine:
    settings = settings_for_icims(connection=connection)
    if settings is None:
        return skipped(NAME, "The iCIMS <-> Certn connector has no integration settings for this connection.")
    if not flow_row(ORDER_FLOW).enabled:
        return skipped(NAME, "The flow that orders background checks is switched off.")
    client = connection.client()
    if FIELD not in (client.get_schema("jobs").get("properties") or {}):
        return skipped(
            NAME,
            "iCIMS shows the API user no 'BGCheck Package' field (bgcpackagetype) on jobs, so every check is the "
            "stage's package. If recruiters choose packages on jobs, ask your iCIMS consultant to let the API "
            "user see that field.",
        )
    jobs = _sampled_jobs(client, settings)
    if not jobs:
        return passed(NAME, "No candidate is at a mapped stage or moved lately: no job to read yet.")
    known: dict[str, str] = {}
    unknown: dict[str, set[str]] = {}
    for job_id in jobs:
        facts, _ = read_job(connection, job_id)
        for node_id, value in facts.packages:
            package = job_package(node_id, value, prefer_region=settings.certn_region)
            label = f"'{value or node_id}'" + (f" ({node_id})" if node_id and value else "")
            if package is None:
                unknown.setdefault(label, set()).add(job_id)
            else:
                known[label] = f"{package.name}, Certn {package.region}"
    if unknown:
        listed = "; ".join(f"{label} on job(s) {', '.join(sorted(ids))}" for label, ids in sorted(unknown.items()))
        return failed(
            NAME,
            f"Jobs name BGCheck packages that are no check package in Crosswalk: {listed}. Candidates of these "
            "jobs get the stage's package instead.",
            "In Crosswalk, iCIMS <-> Certn: lookup tables > Check packages: add each package with its Certn id "
            "and, as 'iCIMS package id', the id shown here (or give it the exact name). Ask your iCIMS consultant "
            "which Certn package each value stands for.",
        )
    if not known:
        return passed(NAME, f"{len(jobs)} job(s) read: none chooses a package, so the stages' packages are ordered.")
    chosen = "; ".join(f"{label} -> {package}" for label, package in sorted(known.items()))
    return passed(NAME, f"{len(jobs)} job(s) read; the packages they choose are known: {chosen}.")


def _sampled_jobs(client, settings) -> list[str]:
    statuses = sorted(set(settings.stage_orders.filter(enabled=True).values_list("status_id", flat=True)))
    hits = [hit for status in statuses for hit in islice(client.search_workflows(status=status), SAMPLE)][:SAMPLE]
    if not hits:
        hits = list(islice(client.search_workflows(updated_since=datetime.now(UTC) - timedelta(days=30)), SAMPLE))
    jobs = []
    for hit in hits:
        job_id = WorkflowData.from_api(hit["id"], client.get_workflow(hit["id"], fields=["baseprofile"])).job_id
        if job_id and job_id not in jobs:
            jobs.append(job_id)
    return jobs


register_connector_probe(system="icims", probe=job_packages)
