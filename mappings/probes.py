"""Connection-check lines for what the lookup tables' pickers assume about a system.

iCIMS: the statuses are read from the List API, whose status list id is not published
(unconfirmed, integrations/icims/client_lists.py): the check reads it, so a tenant where it
differs is found before an admin meets an unchecked status field.
"""

from integrations.client.errors import NotFound, TransientError
from integrations.icims.client_lists import STATUS_LIST_ID
from integrations.probes import failed, passed, register_connector_probe

STATUSES = "iCIMS lists its statuses (for the stage pickers)"


def icims_status_list(connection):
    """iCIMS lists its statuses (for the stage pickers)"""
    list_id = connection.setting("status_list_id") or STATUS_LIST_ID
    fix = (
        "Ask your iCIMS consultant for the id of the list that holds the recruiting workflow statuses and enter it "
        "as 'Status list id' on this connection. Until then, status ids in stage triggers and stage orders are "
        "typed by hand and saved unchecked."
    )
    try:
        statuses = connection.client().list_statuses()
    except TransientError:
        raise  # the check says iCIMS could not be reached, once, for the whole connection
    except NotFound as exc:
        return failed(STATUSES, f"iCIMS has no list {list_id!r} for this account. ({exc})", fix)
    if not statuses:
        return failed(STATUSES, f"iCIMS's list {list_id!r} holds no statuses.", fix)
    examples = ", ".join(f"{s['id']} ({s['label']})" for s in statuses[:3])
    return passed(STATUSES, f"{len(statuses)} statuses in {list_id!r}, e.g. {examples}.")


register_connector_probe(system="icims", probe=icims_status_list)
