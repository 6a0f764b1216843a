"""Shared set-up of the screening flow tests: connections, lookup tables, and iCIMS/Certn over `responses`."""

import json
import re
from pathlib import Path

import responses

from integrations.certn.payloads import CertnEvent
from integrations.icims.events import STATUS_CHANGE_EVENT
from integrations.models import Connection
from integrations.webhooks import ParsedEvent
from sync.models import Record
from sync.services.events import event_ingest
from sync.services.processing import event_process

ROOT = Path(__file__).resolve().parents[2]
ICIMS = "https://api.icims.test"
CERTN = "https://api.ca.certn.test"
PACKAGE_ID = "5d0c2f6e-8a3b-4c1e-9f27-61b0a9d4e812"
GROUP_ID = "2a1ac795-d744-4604-942b-620b91ce44b9"
CASE_ID = "0f6a4a3e-2b1d-4c55-8d3e-7b2e9c51aa10"
STAGE = "C51877"  # newStatus of the iCIMS fixture event
PERSON = "/customers/7712/people/20411"
REPORT_FIELD = "field60102"  # the iCIMS person file field the report PDF is stored in
CASE_URL = f"{CERTN}/api/public/cases/{CASE_ID}/"
FILE_ID = "b3f1e0c2-7d4a-4e8b-a1c9-2f6d5e8a9b70"
PDF_URL = "https://reports.ca.certn.co/b3f1e0c2.pdf"  # report_file_complete.json's pre-signed URL, sans query


def icims_fixture(name: str) -> dict:
    return json.loads((ROOT / "integrations" / "icims" / "fixtures" / f"{name}.json").read_text())


def certn_fixture(name: str) -> dict:
    return json.loads((ROOT / "integrations" / "certn" / "fixtures" / f"{name}.json").read_text())


WORKFLOW = "/customers/7712/applicantworkflows/88431"


def icims_workflow(rsps: responses.RequestsMock, status: str = STAGE) -> None:
    """The recruiting workflow the event names, as iCIMS shows it now (the flow reads it again)."""
    data = icims_fixture("api/workflow")
    rsps.get(re.compile(rf"{ICIMS}{WORKFLOW}(\?.*)?$"), json={**data, "status": {**data["status"], "id": status}})


def icims_job(rsps: responses.RequestsMock, **fields) -> None:
    """The job of the workflow: its title, and what a test adds (location, BGCheck packages)."""
    rsps.get(f"{ICIMS}/customers/7712/jobs/3308", json={"jobtitle": "Registered Nurse - ICU", **fields})


class IcimsScreen:
    """The person's `bgcresults` collection behind iCIMS's collection endpoints, to read what was written."""

    def __init__(self, rsps: responses.RequestsMock, person: dict | None = None, status: str = STAGE, job=None):
        icims_workflow(rsps, status)
        icims_job(rsps, **(job or {}))
        self.groups: list[dict] = []
        self.person = person if person is not None else icims_fixture("api/person")
        rsps.add_callback(responses.GET, re.compile(rf"{ICIMS}{PERSON}(\?.*)?$"), callback=self._get)
        rsps.add_callback(responses.POST, f"{ICIMS}{PERSON}/fields/bgcresults", callback=self._add)
        rsps.add_callback(responses.PATCH, re.compile(rf"{ICIMS}{PERSON}/fields/bgcresults/\d+$"), callback=self._patch)
        self.files: list[bytes] = []
        rsps.add_callback(responses.PATCH, f"{ICIMS}{PERSON}/fields/{REPORT_FIELD}/binary", callback=self._upload)

    def _upload(self, request):
        self.files.append(request.body)
        return 204, {}, ""

    def _get(self, request):
        if "bgcresults" in request.url:
            return 200, {"Content-Type": "application/json"}, json.dumps({"bgcresults": self.groups})
        return 200, {"Content-Type": "application/json"}, json.dumps(self.person)

    def _add(self, request):
        entry = 4400 + len(self.groups)
        self.groups.append({"entry": entry, **json.loads(request.body)})
        return 201, {"Location": f"{ICIMS}{PERSON}/fields/bgcresults/{entry}"}, ""

    def _patch(self, request):
        entry = int(request.url.rsplit("/", 1)[-1])
        group = next(g for g in self.groups if g["entry"] == entry)
        group.update(json.loads(request.body))
        return 204, {}, ""

    @property
    def latest(self) -> dict:
        return self.groups[-1] if self.groups else {}


def deliver_stage_change(conn, *, dedupe_suffix: str = "", **changes):
    payload = {**icims_fixture("WorkFlowStatusChangeEvent"), "newStatus": STAGE, **changes}
    incoming = ParsedEvent(
        event_type=STATUS_CHANGE_EVENT,
        payload=payload,
        external_id=payload["systemId"],
        dedupe_key=f"{payload['customerId']}:{payload['systemId']}:{payload['newStatus']}{dedupe_suffix}",
    )
    event, _ = event_ingest(connection=conn, incoming=incoming)
    event_process(event_id=event.pk)
    return event


def deliver_certn(conn, event_type: str = "CASE_STATUS_CHANGED", **changes):
    payload = {**certn_fixture(event_type), **changes}
    notice = CertnEvent.from_payload(payload)
    incoming = ParsedEvent(
        event_type=notice.event_type, dedupe_key=notice.id, payload=payload, external_id=notice.case_id
    )
    event, _ = event_ingest(connection=conn, incoming=incoming)
    event_process(event_id=event.pk)
    return event


def screen_with_order(rsps) -> IcimsScreen:
    screen = IcimsScreen(rsps)
    screen.groups.append({"entry": 4400, "bgcorderid": CASE_ID, "bgcorderstatus": "In-Progress Candidate"})
    return screen


def case(status: str, score=None) -> dict:
    return {**certn_fixture("case_ordered"), "overall_status": status, "overall_score": score}


def last(action="update_icims") -> Record:
    return Record.objects.filter(action=action).latest("id")


def mocked():
    return responses.RequestsMock(assert_all_requests_are_fired=False)


def linked_conn(link):
    return Connection.objects.get(pk=link.data["certn_connection"])
