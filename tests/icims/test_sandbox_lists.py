"""The iCIMS emulator's List API (contract §2.7): the list names, and the status list page by page."""

from integrations.icims.client_lists import STATUS_LIST_ID, list_nodes, next_link

STATUS_LIST = f"v2/lists/{STATUS_LIST_ID}"


def test_the_lists_are_named(api):
    assert STATUS_LIST_ID in api("get", "v2/lists").json()["lists"]


def test_the_status_list_is_paged_with_a_next_link_until_the_last_node(api, tenant):
    first = api("get", STATUS_LIST, data={"size": 4}).json()
    assert [n["id"] for n in list_nodes(first)][:2] == ["D10100", "C2030"]
    seen = list_nodes(first)
    link = next_link(first)
    while link:
        page = api("get", STATUS_LIST + "?" + link.split("?", 1)[1]).json()
        seen += list_nodes(page)
        link = next_link(page)
    assert [n["id"] for n in seen] == list(
        tenant.statuses.order_by("order", "node_id").values_list("node_id", flat=True)
    )
    assert {"id": "C2060", "label": "Onboarding"} in seen


def test_an_unknown_list_is_404_in_icims_error_shape(api):
    response = api("get", "v2/lists/lists.nothing")
    assert response.status_code == 404 and response.json()["errors"][0]["errorCode"] == 2
