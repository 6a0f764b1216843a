"""The emulated List API (contract §2.7): the names of the tenant's lists, and one level of a list.

The status list's id and a node's keys are the hub's reading of iCIMS's docs (unconfirmed, see
integrations/icims/client_lists.py); the emulator answers them the same way, paged by `size` and
`offset` with a HAL `_links.next`, so the hub's paging is exercised too.
"""

from django.http import JsonResponse

from integrations.icims.client_lists import STATUS_LIST_ID
from integrations.icims.sandbox import state
from integrations.icims.sandbox.http import icims_api, methods, not_found
from integrations.icims.sandbox.models import Customer

MAX_SIZE = 1000


@icims_api
def lists_view(request, customer: Customer):
    methods(request, ("GET",))
    return JsonResponse({"lists": ["lists.person.folders", "lists.job.folders", STATUS_LIST_ID]})


@icims_api
def list_view(request, customer: Customer, list_id: str):
    methods(request, ("GET",))
    if list_id != STATUS_LIST_ID:
        raise not_found(f"List {list_id}")
    size = min(_int(request.GET.get("size"), 100), MAX_SIZE) or 100
    offset = _int(request.GET.get("offset"), 0)
    statuses = list(customer.statuses.order_by("order", "node_id"))
    page = statuses[offset : offset + size]
    here = state.api_url(customer, f"v2/lists/{list_id}")
    links = {"self": {"href": f"{here}?size={size}&offset={offset}"}}
    if offset + size < len(statuses):
        links["next"] = {"href": f"{here}?size={size}&offset={offset + size}"}
    nodes = [{"id": s.node_id, "value": s.name, "_links": {"self": {"href": f"{here}/{s.node_id}"}}} for s in page]
    return JsonResponse({"nodes": nodes, "_links": links})


def _int(value, default: int) -> int:
    return int(value) if (value or "").isdigit() else default
