"""iCIMS REST client: people, jobs, recruiting workflows, search, collections, files, schema; the
screening write-back (§4) is mixed in from client_screening.py.

Contract: ../shared/contracts/icims.md. Every path is lower-case and lives under
/customers/{customer_id}/ (§1.1, §1.2). iCIMS adds JSON keys without notice, so callers read
only the keys they need and a missing key means "empty or hidden by security rules" (§1.3).
"""

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from integrations.client import ApiClient, PermanentError
from integrations.client.errors import ListingTooLong
from integrations.client.oauth import ClientCredentials
from integrations.icims.client_auth import IcimsAuth
from integrations.icims.client_lists import ListsMixin
from integrations.icims.client_screening import ScreeningResults
from integrations.icims.payloads import (
    ACCEPTED_EXTENSIONS,
    MAX_FILE_BYTES,
    SEARCH_PAGE,
    SEARCH_STALENESS_MINUTES,
    id_from_location,
    search_since_filter,
)

# URL templates (§2). `{cid}` is the customer id, filled in by `_path`.
CUSTOMER = "/customers/{cid}"
PROFILE = "/customers/{cid}/{profile_type}/{id}"
PERSON = "/customers/{cid}/people/{id}"
JOB = "/customers/{cid}/jobs/{id}"
WORKFLOWS = "/customers/{cid}/applicantworkflows"
WORKFLOW = "/customers/{cid}/applicantworkflows/{id}"
COLLECTION = "/customers/{cid}/{profile_type}/{id}/fields/{field}"
COLLECTION_GROUP = "/customers/{cid}/{profile_type}/{id}/fields/{field}/{group}"
BINARY = "/customers/{cid}/{profile_type}/{id}/fields/{field}/binary"
GROUP_BINARY = "/customers/{cid}/{profile_type}/{id}/fields/{field}/{group}/fields/{child}/binary"
SEARCH = "/customers/{cid}/search/{type}"
SCHEMA = "/customers/{cid}/profiledefinitions/v1/{schema_type}/schema"
# The Schema API names profile types in the singular, and a recruiting workflow "submittal" (§2.7).
SCHEMA_TYPES = {
    "people": "person",
    "jobs": "job",
    "companies": "company",
    "applicantworkflows": "submittal",
    "sourceworkflows": "sourceworkflow",
    "onboardworkflows": "onboardworkflow",
    "rooms": "room",
    "connectevents": "connectevent",
}


class GroupFile(NamedTuple):
    """A file read back from a collection group's binary child."""

    content: bytes
    content_type: str
    filename: str


class IcimsClient(IcimsAuth, ClientCredentials, ScreeningResults, ListsMixin, ApiClient):
    """Signs in with Basic or OAuth 2.0 client credentials (`IcimsAuth`, chosen per connection)."""

    system = "icims"

    # --- errors, paths --------------------------------------------------------------------------
    def error_message(self, body) -> str:
        # iCIMS: {"errors":[{"errorMessage": "...", "errorCode": 2}]} (§2.8)
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            parts = [
                f"{e.get('errorMessage', '')} (code {e.get('errorCode')})"
                for e in body["errors"]
                if isinstance(e, dict)
            ]
            if parts:
                return "; ".join(parts)
        return super().error_message(body)

    @property
    def customer_id(self) -> str:
        cid = str(self.connection.setting("customer_id") or "").strip()
        if not cid:
            raise PermanentError("the iCIMS connection has no customer id setting")
        return cid

    def _path(self, template: str, **parts) -> str:
        return template.format(cid=self.customer_id, **parts)

    @staticmethod
    def _fields(fields: list[str] | None) -> dict:
        return {"fields": ",".join(fields)} if fields else {}

    # --- customer -------------------------------------------------------------------------------
    def get_customer(self) -> dict:
        """Platform metadata; the credential check (§2.1)."""
        return self.get_json(self._path(CUSTOMER)) or {}

    # --- profiles -------------------------------------------------------------------------------
    def get_profile(self, profile_type: str, profile_id, *, fields: list[str] | None = None) -> dict:
        return (
            self.get_json(self._path(PROFILE, profile_type=profile_type, id=profile_id), params=self._fields(fields))
            or {}
        )

    def get_person(self, person_id, *, fields: list[str] | None = None) -> dict:
        return self.get_profile("people", person_id, fields=fields)

    def update_person(self, person_id, values: dict) -> None:
        """PATCH only the keys to change; None or "" clears a field (§2.2)."""
        self.request("PATCH", self._path(PERSON, id=person_id), json=values)

    def get_job(self, job_id, *, fields: list[str] | None = None) -> dict:
        return self.get_profile("jobs", job_id, fields=fields)

    # --- recruiting workflows (§2.4) ------------------------------------------------------------
    def get_workflow(self, workflow_id, *, fields: list[str] | None = None) -> dict:
        return self.get_profile("applicantworkflows", workflow_id, fields=fields)

    def update_workflow(self, workflow_id, values: dict) -> None:
        self.request("PATCH", self._path(WORKFLOW, id=workflow_id), json=values)

    def move_workflow(self, workflow_id, status_id: str) -> None:
        """Move the candidate to another stage: {"status": {"id": "C38354"}} (§7.6)."""
        self.update_workflow(workflow_id, {"status": {"id": status_id}})

    def create_workflow(self, *, job_id, person_id, status_id: str, source: str = "") -> int:
        body = {"baseprofile": int(job_id), "associatedprofile": int(person_id), "status": {"id": status_id}}
        if source:
            body["source"] = source
        response = self.request("POST", self._path(WORKFLOWS), json=body)
        return id_from_location(response)

    # --- search (§2.5) --------------------------------------------------------------------------
    def search(self, search_type: str, filters: list[dict], *, id_field: str) -> Iterator[dict]:
        """Yield {"id", "self"} of every match, paging by `<id_field> > last id` (1,000 per call)."""
        last_id = 0
        for pages in range(1, self.max_pages + 1):  # noqa: B007  (read after the loop)
            page_filters = [*filters, {"name": id_field, "value": [str(last_id)], "operator": ">"}]
            body = {"filters": page_filters, "operator": "&"}
            # staleness: a positive number of minutes the results may be cached (§2.5); the smallest.
            params = {"staleness": SEARCH_STALENESS_MINUTES}
            # read=True: the Search API is a POST that reads, so a dry run searches too.
            data = self.post_json(self._path(SEARCH, type=search_type), body, params=params, read=True) or {}
            results = data.get("searchResults") or []
            yield from results
            if len(results) < SEARCH_PAGE:
                return
            # A page whose ids do not pass the last one would be asked for again and again.
            if (page_last := max(int(r["id"]) for r in results)) <= last_id:
                break
            last_id = page_last
        path = self._path(SEARCH, type=search_type)
        raise ListingTooLong(
            f"icims search {path} did not end after {pages} pages; stopped reading it", pages=pages, path=path
        )

    def search_workflows(self, *, status: str | None = None, updated_since: datetime | None = None) -> Iterator[dict]:
        """Recruiting workflows in `status` (node id or label) and/or updated since a time.

        Yields {"id", "self"} only (the Search API returns ids): fetch with `get_workflow`. The
        ever-present id paging filter also keeps the search from being filterless (§2.5). iCIMS's
        date filters count whole days (`{DATE:...}` tokens), so `updated_since` may yield workflows
        updated up to a day before it: callers read each workflow anyway.
        """
        filters = []
        if status:
            filters.append({"name": "applicantworkflow.status", "value": [status], "operator": "="})
        if updated_since:
            filters.append(search_since_filter("applicantworkflow.updateddate", updated_since))
        return self.search("applicantworkflows", filters, id_field="applicantworkflow.id")

    # --- collections (§2.3) ---------------------------------------------------------------------
    def add_collection_entry(self, profile_type: str, profile_id, field: str, values: dict) -> int | None:
        """Create one group; returns its id from Location (None when iCIMS ignored an exact duplicate)."""
        response = self.request(
            "POST", self._path(COLLECTION, profile_type=profile_type, id=profile_id, field=field), json=values
        )
        return id_from_location(response, required=False)

    def update_collection_entry(self, profile_type: str, profile_id, field: str, group, values: dict) -> None:
        self.request(
            "PATCH",
            self._path(COLLECTION_GROUP, profile_type=profile_type, id=profile_id, field=field, group=group),
            json=values,
        )

    # --- files (§2.6) ---------------------------------------------------------------------------
    def upload_file(self, person_id, *, field: str, filename: str, content: bytes, content_type: str) -> dict:
        """Upload to a person's binary field as multipart/form-data (raw bodies are refused)."""
        path = self._path(BINARY, profile_type="people", id=person_id, field=field)
        self.request("PATCH", path, files={"file": (filename, content, content_type)})
        return {
            "field": field,
            "filename": filename,
            "size": len(content),
            "content_type": content_type,
            "url": f"{self.base_url}{path}",
        }

    def add_attachment(
        self,
        person_id,
        *,
        collection: str,
        file_field: str,
        filename: str,
        content: bytes,
        content_type: str,
        values: dict,
    ) -> int:
        """Keep every version of a document: a new group in an attachments collection holding its
        metadata (`values`, e.g. issue/expiry date, document number), then its file child (§2.6).
        Returns the group id; an exact duplicate of a group iCIMS already holds is a PermanentError."""
        if not values:
            raise ValueError("iCIMS creates a collection group from at least one metadata child")
        group = self.add_collection_entry("people", person_id, collection, values)
        if group is None:
            raise PermanentError(f"iCIMS ignored the {collection} group as an exact duplicate of one it holds")
        self.upload_group_file(
            person_id,
            collection=collection,
            group=group,
            file_field=file_field,
            filename=filename,
            content=content,
            content_type=content_type,
        )
        return group

    def upload_group_file(
        self, person_id, *, collection: str, group, file_field: str, filename: str, content: bytes, content_type: str
    ) -> None:
        """Put a file in the binary child of an existing collection group (multipart, like any file field)."""
        path = self._group_binary(person_id, collection, group, file_field)
        self.request("PATCH", path, files={"file": (filename, content, content_type)})

    def download_group_file(self, person_id, *, collection: str, group, file_field: str) -> GroupFile | None:
        """The file in a collection group's binary child; None when that child holds no file."""
        response = self.request("GET", self._group_binary(person_id, collection, group, file_field))
        content_type = response.headers.get("Content-Type", "")
        if "json" in content_type:
            return None
        disposition = response.headers.get("Content-Disposition", "")
        filename = disposition.split("filename=", 1)[1].strip('"') if "filename=" in disposition else ""
        return GroupFile(content=response.content, content_type=content_type.split(";")[0], filename=filename)

    def _group_binary(self, person_id, collection: str, group, file_field: str) -> str:
        return self._path(
            GROUP_BINARY, profile_type="people", id=person_id, field=collection, group=group, child=file_field
        )

    def file_accepted(self, filename: str, size: int) -> bool:
        """Whether the tenant takes this file; when not, store a link with `set_link_field` instead."""
        types = self.connection.setting("allowed_file_types") or ACCEPTED_EXTENSIONS
        if isinstance(types, str):  # the admin form stores "pdf, docx"
            types = [t.strip().lower().lstrip(".") for t in types.split(",") if t.strip()]
        limit = int(self.connection.setting("max_file_bytes") or MAX_FILE_BYTES)
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return extension in types and 0 < size <= limit

    def download_file(self, person_id, *, field: str) -> tuple[bytes, str] | None:
        """(content, content type) of a person's file field; None when the field holds no file."""
        response = self.request("GET", self._path(BINARY, profile_type="people", id=person_id, field=field))
        content_type = response.headers.get("Content-Type", "")
        if "json" in content_type:  # iCIMS answers JSON instead of bytes when there is no file
            return None
        return response.content, content_type.split(";")[0]

    def set_link_field(self, person_id, *, field: str, url: str, label: str = "", label_field: str = "") -> None:
        """Store a document's URL where a file is not allowed. iCIMS URL fields hold only the
        address, so a label is written only when the tenant has a text field for it (`label_field`)."""
        values = {field: url}
        if label and label_field:
            values[label_field] = label
        self.update_person(person_id, values)

    # --- schema (§2.7) --------------------------------------------------------------------------
    def get_schema(self, profile_type: str) -> dict:
        """The JSON schema of a profile type, given as the Profiles API names it (`people`, ...)."""
        schema_type = SCHEMA_TYPES.get(profile_type, profile_type)
        return self.get_json(self._path(SCHEMA, schema_type=schema_type)) or {}

    def list_fields(self, profile_type: str) -> list[dict]:
        """[{"id", "label", "type"}] of a profile's fields, for validating field mappings."""
        properties = self.get_schema(profile_type).get("properties") or {}
        return [
            {"id": key, "label": spec.get("title", key), "type": spec.get("type", "")}
            for key, spec in sorted(properties.items())
            if isinstance(spec, dict)
        ]
