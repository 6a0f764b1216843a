"""Drift between Certn and iCIMS: Compare and its fix (registered by sync/flows/drift.py).

Certn is the truth for screening: each ordered case (a "screening" link) is read from Certn and
the status iCIMS should show (mapping.icims_status) is compared with the order's entry in the
iCIMS results collection (the group whose `bgcorderid` is the case id, where the status writer
puts it). The fix forgets the link's fingerprint and runs the status writer (status.case_sync).
"""

from integrations.certn.payloads import CaseData
from integrations.icims.client_screening import SCREENING_DEFAULTS
from integrations.models import Connection
from sync.flows.drift import Finding, register_drift
from sync.flows.screening import status
from sync.flows.screening.mapping import icims_status
from sync.flows.screening.order import OBJECT_TYPE
from sync.models import Link
from sync.services.drift import link_fingerprint_forget

STATUS = "screening_status_differs"


class _Clients:
    def __init__(self):
        self._by_pk: dict[int, object] = {}

    def get(self, pk: int):
        if pk not in self._by_pk:
            self._by_pk[pk] = Connection.objects.get(pk=pk).client()
        return self._by_pk[pk]


def icims_entry(icims, data: dict) -> dict | None:
    """The order's group in iCIMS's results collection, where status.write_icims writes it."""
    conn = icims.connection
    profile_type = conn.setting("screening_profile") or SCREENING_DEFAULTS["screening_profile"]
    field = conn.setting("screening_collection") or SCREENING_DEFAULTS["screening_collection"]
    profile_id = data["workflow_id"] if profile_type == "applicantworkflows" else data.get("person_id")
    if not profile_id:
        return None
    groups = icims.get_profile(profile_type, profile_id, fields=[field]).get(field) or []
    return next((g for g in groups if str(g.get("bgcorderid", "")) == str(data.get("case_id"))), None)


def compare(ctx, tally) -> bool:
    clients = _Clients()
    links = Link.objects.filter(object_type=OBJECT_TYPE, target_system="certn", state="linked").exclude(target_id="")
    for link in links.order_by("pk"):
        if not {"certn_connection", "icims_connection", "workflow_id"} <= set(link.data):
            continue
        tally.compared += 1
        case = clients.get(link.data["certn_connection"]).get_case(link.target_id)
        certn = CaseData.from_api(case).overall_status
        want = icims_status(certn)
        entry = icims_entry(clients.get(link.data["icims_connection"]), {**link.data, "case_id": link.target_id})
        have = (entry or {}).get("bgcorderstatus") or ""
        if want != have:
            tally.add(
                Finding(
                    kind=STATUS,
                    subject=f"{link.data.get('email') or 'application'} (workflow {link.data['workflow_id']})",
                    detail=f"Certn: case {link.target_id} is {certn}, which iCIMS shows as {want!r}. "
                    f"iCIMS: {have!r}" + ("" if entry else " (no entry for this order)") + ".",
                    right_side="Certn",
                    fix=f"Write {want!r} to the iCIMS application",
                    data={"link": link.pk},
                )
            )
    return False


def fix_status(ctx, data: dict) -> None:
    link = Link.objects.get(pk=data["link"])
    link_fingerprint_forget(link=link)
    status.case_sync(ctx, link)


register_drift(
    connector="screening",
    title="Certn -> iCIMS screening",
    source="certn",
    target="icims",
    compare=compare,
    fixers={STATUS: fix_status},
    what="iCIMS screening statuses that differ from the Certn case",
)
