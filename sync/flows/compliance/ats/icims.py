"""iCIMS as the connector's ATS (contract: ../shared/contracts/icims.md).

Where things land in iCIMS is tenant configuration, so every field id below is a default that
the iCIMS connection's settings can override:

- mapped values (compliance, checks, the documents log...): one PATCH on the person (§2.2)
  carrying every object that changed;
- documents, two layouts:
  * by default each file version becomes its own group in the person attachments collection
    `documents_collection` (default field60110) holding its metadata (name, type, issue and
    expiry dates, document number), with the file in the group's binary child
    `documents_group_file_field` (default documentfile) (§2.3, §2.6 "binary inside a collection
    group"): every version stays in iCIMS side by side;
  * `documents_collection` set to "none", for tenants without such a collection: each
    new version replaces the file in the person file field `documents_file_field` (default
    field60101), so only the newest file is kept; the metadata of every version is still in
    the documents log (mapping row `documents.summary`);
- a file over a limit: its hub download URL goes into its collection group (`documenturl`), or
  with no collection to the URL field `documents_link_field` (default field50012);
  `documents_allow_links: false` turns links off.

With the collection layout and `documents_batch_groups: true`, a person's new versions ride in the
same person PATCH as the mapped values (`write_batch`): one PATCH adds their metadata groups, one GET
of the collection finds the groups' entry ids, then one multipart PATCH per file: 2 + n calls instead
of 1 + 2n. It is off by default: that iCIMS adds the entry-less groups of a collection sent in a
person PATCH, and keeps the others, is **unconfirmed** (contract §2.3), and a tenant that replaced
the collection instead would lose the groups sent before. The connection check verifies it once on.
"""

from collections.abc import Iterator
from datetime import datetime

from integrations.client import PermanentError
from integrations.icims.payloads import PersonData, WorkflowData, WorkflowStatusChange
from sync.flows.compliance.ats.base import AtsAdapter, Candidate, DocumentVersion, StageChange

NO_COLLECTION = "none"  # documents_collection value of a tenant without an attachments collection
PERSON_FIELDS = ["firstname", "lastname", "email", "phones"]
WORKFLOW_FIELDS = ["baseprofile", "associatedprofile", "status"]
DEFAULTS = {
    "documents_collection": "field60110",
    "documents_file_field": "field60101",
    "documents_group_file_field": "documentfile",
    "documents_link_field": "field50012",
}


class IcimsAts(AtsAdapter):
    system = "icims"
    # iCIMS publishes no limits (§2.6, unconfirmed): the contract's practical assumption.
    default_max_bytes = 10 * 1024 * 1024
    default_types = ("pdf", "doc", "docx", "rtf", "txt", "png", "jpg", "jpeg")

    def _setting(self, name: str) -> str:
        return self.connection.setting(name) or DEFAULTS[name]

    # --- phase 1 -------------------------------------------------------------------------------
    def stage_change_from_event(self, payload: dict) -> StageChange:
        event = WorkflowStatusChange.from_payload(payload)
        return StageChange(
            person_id=event.person_id, status=event.new_status, workflow_id=event.system_id, job_id=event.job_id
        )

    def stage_change_current(self, change: StageChange) -> StageChange:
        """The recruiting workflow read again: its status, candidate and job as iCIMS shows them now."""
        data = self.client.get_workflow(change.workflow_id, fields=WORKFLOW_FIELDS)
        workflow = WorkflowData.from_api(change.workflow_id, data)
        if not workflow.person_id or not workflow.status_id:
            raise PermanentError(
                f"iCIMS shows no candidate or status on workflow {change.workflow_id}: the API user's Security "
                "Rules may hide them"
            )
        return StageChange(
            person_id=workflow.person_id, status=workflow.status_id, workflow_id=workflow.id, job_id=workflow.job_id
        )

    def stage_changes(self, *, statuses: list[str], since: datetime | None) -> Iterator[StageChange]:
        for status in statuses:
            for hit in self.client.search_workflows(status=status, updated_since=since):
                workflow = WorkflowData.from_api(hit["id"], self.client.get_workflow(hit["id"]))
                # Search results may be up to `staleness` minutes old: trust the workflow itself.
                if workflow.person_id and workflow.status_id == status:
                    yield StageChange(
                        person_id=workflow.person_id, status=status, workflow_id=workflow.id, job_id=workflow.job_id
                    )

    def candidate(self, change: StageChange) -> Candidate:
        person = PersonData.from_api(change.person_id, self.client.get_person(change.person_id))
        fields = {**person.raw, "personid": change.person_id, "workflowid": change.workflow_id, "jobid": change.job_id}
        return Candidate(
            person_id=change.person_id,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=person.phone,
            fields=fields,
        )

    # --- phase 2 -------------------------------------------------------------------------------
    def read_fields(self, person_id: str, fields: list[str]) -> dict:
        return self.client.get_person(person_id, fields=fields or None)

    def write_fields(self, person_id: str, values: dict) -> None:
        self.client.update_person(person_id, values)

    def _group_values(self, version: DocumentVersion) -> dict:
        values = {
            "documentname": version.document_name,
            "documenttype": version.document_type,
            "credentiallyfileid": version.file_id,
            "filename": version.filename,
            "issuedate": version.issued.isoformat() if version.issued else None,
            "expirydate": version.expiry.isoformat() if version.expiry else None,
            "documentnumber": version.number or None,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}

    def _collection(self) -> str:
        """The attachments collection, or "" when the tenant chose the single file field layout.

        Blank means the default (the admin form stores an empty input as ""), so opting out of the
        collection takes an explicit "none"."""
        collection = str(self._setting("documents_collection")).strip()
        return "" if collection.lower() == NO_COLLECTION else collection

    def send_document(self, person_id: str, version: DocumentVersion, content: bytes) -> str:
        collection = self._collection()
        if not collection:
            field = self._setting("documents_file_field")
            self.client.upload_file(
                person_id, field=field, filename=version.filename, content=content, content_type=version.content_type
            )
            return f"file field {field}"
        values = self._group_values(version)
        group = self.client.add_collection_entry("people", person_id, collection, values)
        if group is None:
            # iCIMS ignores an exact duplicate group: a retry after the group was made but its file
            # was not, so the file goes into the group that holds this version's metadata.
            group = self._group_of(person_id, collection, values)
        if group is None:
            raise PermanentError(f"iCIMS ignored the {collection} group and no group holds this version")
        self.client.upload_group_file(
            person_id,
            collection=collection,
            group=group,
            file_field=self._setting("documents_group_file_field"),
            filename=version.filename,
            content=content,
            content_type=version.content_type,
        )
        return f"{collection}/{group}"

    def _group_of(self, person_id: str, collection: str, values: dict) -> int | None:
        groups = self.client.get_person(person_id, fields=[collection]).get(collection) or []
        return _matching_group(groups, values)

    # --- the batched write (collection layout) ----------------------------------------------------
    def documents_collection(self) -> str:
        return self._collection()

    def batches_documents(self) -> bool:
        return bool(self._collection()) and self.connection.setting("documents_batch_groups") is True

    def batch_ref(self, version: DocumentVersion) -> str:
        """Where a batched version sits, known before the write (the group's entry id is not)."""
        return f"{self._collection()} group of file {version.file_id}"

    def link_values(self, version: DocumentVersion, url: str, reason: str) -> dict | None:
        if self.connection.setting("documents_allow_links") is False:
            return None
        return {**self._group_values(version), "documenturl": url, "notsentreason": reason[:190]}

    def write_batch(self, person_id: str, values: dict, outgoing: list) -> Iterator[tuple]:
        """One person PATCH with `values` and a new group per outgoing version (`.meta`, `.group`),
        then the files into their groups. Yields (item, error or None) per item as its file lands, so
        the caller settles each version at once; a TransientError is raised for the caller to retry
        (iCIMS ignores exact duplicate groups, so the PATCH can be sent again)."""
        collection = self._collection()
        groups = [item.group for item in outgoing]
        self.client.update_person(person_id, {**values, collection: groups} if groups else values)
        files = [item for item in outgoing if item.content is not None]
        if not files:
            yield from ((item, None) for item in outgoing)
            return
        held = self.client.get_person(person_id, fields=[collection]).get(collection) or []
        yield from ((item, None) for item in outgoing if item.content is None)
        for item in files:
            entry = _matching_group(held, item.group)
            if entry is None:
                yield item, PermanentError(f"iCIMS kept no {collection} group with this version's metadata")
                continue
            try:
                self.client.upload_group_file(
                    person_id,
                    collection=collection,
                    group=entry,
                    file_field=self._setting("documents_group_file_field"),
                    filename=item.meta.filename,
                    content=item.content,
                    content_type=item.meta.content_type,
                )
            except PermanentError as exc:  # this file is refused; the next ones still go
                yield item, exc
                continue
            yield item, None

    def group_values(self, version: DocumentVersion) -> dict:
        return self._group_values(version)

    def send_document_link(self, person_id: str, version: DocumentVersion, url: str, reason: str) -> str | None:
        if self.connection.setting("documents_allow_links") is False:
            return None
        collection = self._collection()
        if collection:
            values = {**self._group_values(version), "documenturl": url, "notsentreason": reason[:190]}
            group = self.client.add_collection_entry("people", person_id, collection, values)
            return f"{collection}/{group or 'existing'} (link)"
        field = self._setting("documents_link_field")
        self.client.set_link_field(person_id, field=field, url=url, label=version.filename)
        return f"link in {field}"


def _matching_group(groups: list, values: dict) -> int | None:
    for group in groups:
        if all(group.get(key) == value for key, value in values.items()):
            return group.get("entry")
    return None
