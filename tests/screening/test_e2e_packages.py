"""End-to-end: the job's own package (iCIMS 'BGCheck Package'), and one iCIMS customer hiring in
Canada and the UK (each package ordered from its region's Certn account), on the real server and
worker against both sandboxes."""

import pytest

from demo.certn import ensure_region_connection
from demo.screening import job_packages_from_sandbox, package_from_sandbox
from integrations.certn.sandbox import models as certn_sandbox
from integrations.icims.payloads import WorkflowData
from integrations.icims.sandbox.models import Job
from integrations.icims.sandbox.seed import STATUS_BACKGROUND_CHECK
from mappings.screening.models import (
    BackgroundCheck,
    CertnGroup,
    CertnRegion,
    ReportUrlType,
    ScreeningSettings,
    StageOrder,
)
from tests.live import wait_until
from tests.screening.live import certn_action, the_case, wait_screening, wire

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONDON = {"id": "C70101", "value": "London Bridge Hospital"}


def candidate(client, email: str) -> WorkflowData:
    for hit in client.search_workflows():
        workflow = WorkflowData.from_api(hit["id"], client.get_workflow(hit["id"]))
        if client.get_person(workflow.person_id, fields=["email"]).get("email") == email:
            return workflow
    raise AssertionError(f"no workflow of {email}")


def job_of(email: str) -> Job:
    return Job.objects.get(workflows__person__fields__email=email)


def set_job(email: str, **fields) -> None:
    job = job_of(email)
    job.fields = {k: v for k, v in {**job.fields, **fields}.items() if v is not None}
    job.save()


def test_the_jobs_package_is_ordered_when_it_names_one_and_the_stages_otherwise(live_hub):
    _, client, amara = wire(live_hub)  # the stage orders 'Standard - Criminal + ID (iCIMS)'
    job_packages_from_sandbox("CA")  # 'Healthcare Standard' entered with its iCIMS id C60001
    noah = candidate(client, "noah.williams@example.org")
    set_job("noah.williams@example.org", bgcpackagetype=None)  # Noah's job chooses no package

    client.move_workflow(amara.id, STATUS_BACKGROUND_CHECK)
    client.move_workflow(noah.id, STATUS_BACKGROUND_CHECK)

    amara_case = the_case(live_hub, email_address="amara.okafor@example.org")
    noah_case = the_case(live_hub, email_address="noah.williams@example.org")
    assert amara_case.package.name == "Healthcare Standard"  # the job's (bgcpackagetype C60001)
    assert noah_case.package.name == "Standard - Criminal + ID (iCIMS)"  # the stage's
    shown = wait_screening(live_hub, client, amara, "In-Progress Candidate", bgcorderid=str(amara_case.pk))
    assert shown["bgcpackage"] == "Healthcare Standard"
    wait_screening(live_hub, client, noah, "In-Progress Candidate", bgcpackage="Standard - Criminal + ID (iCIMS)")
    sources = dict(BackgroundCheck.objects.values_list("email", "package_source"))
    assert sources == {"amara.okafor@example.org": "job", "noah.williams@example.org": "stage"}


def test_one_customer_orders_in_canada_and_the_uk_from_each_regions_account(live_hub):
    _, client, amara = wire(live_hub, report=ReportUrlType.PORTAL)  # main: Certn CA; every job -> the CA package
    uk = ensure_region_connection("UK")
    wait_until(
        lambda: certn_sandbox.Account.objects.filter(region="uk", webhook_verified_at__isnull=False).exists(),
        message=f"Certn UK's challenge handshake\n{live_hub.log_tail()}",
    )
    uk_group = certn_sandbox.Group.objects.get(account__region="uk")
    CertnGroup.objects.create(certn_connection=uk, group_id=uk_group.pk, short_id=uk_group.short_id, name="UK hiring")
    settings = ScreeningSettings.objects.get()
    CertnRegion.objects.create(settings=settings, certn_connection=uk, default_group_id=uk_group.pk)
    StageOrder.objects.create(
        settings=settings,
        status_id=STATUS_BACKGROUND_CHECK,
        job_location="London Bridge Hospital",
        package=package_from_sandbox("UK"),
    )
    noah = candidate(client, "noah.williams@example.org")
    set_job("noah.williams@example.org", joblocation=LONDON, bgcpackagetype=None)

    client.move_workflow(amara.id, STATUS_BACKGROUND_CHECK)
    client.move_workflow(noah.id, STATUS_BACKGROUND_CHECK)

    amara_case = the_case(live_hub, email_address="amara.okafor@example.org")
    noah_case = the_case(live_hub, email_address="noah.williams@example.org")
    assert (amara_case.account.region, noah_case.account.region) == ("ca", "uk")
    assert noah_case.group_id == uk_group.pk and amara_case.group.name == "Hiring - iCIMS"
    wait_screening(live_hub, client, noah, "In-Progress Candidate", bgcorderid=str(noah_case.pk))

    certn_action(live_hub, "set-status", case_id=str(noah_case.pk), status="COMPLETE", score="CLEAR")
    done = wait_screening(live_hub, client, noah, "Complete", bgcresult="CLEAR")
    assert done["bgcreporturl"] == f"{live_hub.url}/sandbox/certn/uk/portal/cases/{noah_case.pk}/"
    wait_screening(live_hub, client, amara, "In-Progress Candidate", bgcorderid=str(amara_case.pk))
    regions = dict(BackgroundCheck.objects.values_list("email", "region"))
    assert regions == {"amara.okafor@example.org": "CA", "noah.williams@example.org": "UK"}
