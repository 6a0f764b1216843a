"""The iCIMS List API (contract §2.7): the nodes of a list, e.g. the recruiting workflow statuses.

`ListsMixin` is mixed into `IcimsClient` (client.py) and uses its `_path` and `get_json`. iCIMS
documents `GET /customers/{cid}/v2/lists/{listId}` returning one level of a list, paged by `size`
(up to 1,000), with `_links` to navigate (confirmed). Neither the status list's id nor the exact
keys of a node are published (unconfirmed), so the list id can be set per connection
(`status_list_id`) and a node is read from the keys seen in iCIMS's list fields (`id`, `value`,
`formattedvalue`). The connection check has a line for it (probes.py).
"""

LIST = "/customers/{cid}/v2/lists/{list_id}"
STATUS_LIST_ID = "lists.applicantworkflow.status"  # unconfirmed (§2.7): a connection setting may name another
LIST_PAGE = 1000  # iCIMS's largest `size` (§2.7)


def list_nodes(body) -> list[dict]:
    """[{"id", "label"}] of one answer of the List API, whichever key holds the nodes."""
    if isinstance(body, list):
        raw = body
    elif isinstance(body, dict):
        raw = next((body[k] for k in ("nodes", "children", "items", "values") if isinstance(body.get(k), list)), [])
    else:
        raw = []
    out = []
    for node in raw:
        if isinstance(node, dict) and node.get("id"):
            label = node.get("value") or node.get("formattedvalue") or node.get("name") or ""
            out.append({"id": str(node["id"]), "label": str(label)})
    return out


def next_link(body) -> str:
    links = body.get("_links") if isinstance(body, dict) else None
    following = (links or {}).get("next") if isinstance(links, dict) else None
    return str(following.get("href") or "") if isinstance(following, dict) else ""


class ListsMixin:
    def list_nodes(self, list_id: str) -> list[dict]:
        """Every node of one level of a list, following `_links.next` page by page."""

        def fetch(params: dict):
            body = self.get_json(params["url"], params=params.get("query"))
            following = next_link(body)
            if following and not following.startswith(self.base_url + "/"):
                following = ""  # a link off the API host would carry our credentials elsewhere: not followed
            return list_nodes(body), ({"url": following} if following else None)

        first = {"url": self._path(LIST, list_id=list_id), "query": {"size": LIST_PAGE}}
        return list(self.paginate(fetch, first))

    def list_statuses(self) -> list[dict]:
        """The recruiting workflow statuses [{"id": "C2060", "label": "Onboarding"}]."""
        return self.list_nodes(str(self.connection.setting("status_list_id") or STATUS_LIST_ID))
