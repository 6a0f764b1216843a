"""The client's reads of one staff member: profile, requirements, documents, checks, references and
onboarding (contract §2.5-§2.9), as a mixin of `CredentiallyClient`, whose URL templates it uses.

Document files have two quirks (§2.7): only the current file is listed (`activeFile`, with a
count of versions), and a missing file is answered 500 "File not found", which is told apart
from a server error rather than retried.
"""

import re
from collections.abc import Iterator
from urllib.parse import quote

from integrations.client import NotFound, RateLimited, TransientError
from integrations.client.base import parse_body
from integrations.credentially.pacing import pace

# §4.1: the `download-file` bucket's rate; a connection's `download_rate` setting overrides it.
DOWNLOAD_RATE = 5.0


class ReadBackMixin:
    """Read calls of `CredentiallyClient` (an `ApiClient`); the URL templates are its attributes."""

    def get_profile(self, profile_id: str) -> dict:
        return self.get_json(self.PROFILE.format(id=quote(profile_id)))

    def iter_profiles(self) -> Iterator[dict]:
        """Every profile (`ProfileDto`), page by page. Credentially's published schema has no
        modified-since filter and no `updated` stamp on a profile (§2.5): nothing tells which
        changed, so the sync-back compares content fingerprints instead (see sync_back.py)."""
        yield from self.iter_pages(self.PROFILES)

    def search_profiles(self, term: str, *, limit: int = 20) -> list[dict]:
        """Profiles whose first or last name or e-mail contains `term` (§2.5 `name` filter), first
        page only: an admin choosing a person by hand looks at a handful, not the organisation."""
        body = self.get_json(self.PROFILES, params={"name": term, "page": 0, "size": limit}) or {}
        return list(body.get("content") or [])[:limit]

    def get_requirements(self, profile_id: str) -> list[dict]:
        """Per-requirement compliance, flattened from packages > groups > requirements (§2.6)."""
        out = []
        for package in self.get_json(self.PROFILE_PACKAGES.format(id=quote(profile_id))) or []:
            for group in package.get("groups") or []:
                for requirement in group.get("requirements") or []:
                    out.append(
                        {
                            **requirement,
                            "packageId": package.get("id"),
                            "packageName": package.get("name"),
                            "groupName": group.get("name"),
                        }
                    )
        return out

    def list_documents(self, profile_id: str) -> list[dict]:
        """Documents with their current file and a count of versions (§2.7); [] when none (404)."""
        try:
            return self.get_json(self.DOCUMENTS.format(id=quote(profile_id))) or []
        except NotFound:
            return []

    def download_document(
        self, profile_id: str, document_id: str, file_id: int | None = None
    ) -> tuple[bytes, str, str]:
        """(content, filename, content type) of a file; the document's current file by default."""
        name = ""
        if file_id is None:
            document = next((d for d in self.list_documents(profile_id) if str(d.get("id")) == str(document_id)), None)
            active = (document or {}).get("activeFile") or {}
            if not active.get("id"):
                raise NotFound(f"document {document_id} has no current file", status=404, path=self.DOWNLOAD)
            file_id, name = active["id"], active.get("originName") or ""
        response = self._download(file_id)
        filename = _disposition_filename(response.headers.get("Content-Disposition", "")) or name or str(file_id)
        content_type = response.headers.get("Content-Type", "application/octet-stream").split(";")[0]
        return response.content, filename, content_type

    def _download(self, file_id: int):
        """GET the bytes. A missing file is answered 500 "File not found" (§2.7), so 500s are not
        retried blindly but told apart; 429s (5 req/s bucket) are still sat out when short."""
        rate = float(self.connection.setting("download_rate") or DOWNLOAD_RATE)
        for attempt in range(self.max_retries + 1):
            pace(self.connection.pk, "download-file", rate)  # spend the 5 a second evenly, not in 429s
            try:
                response = self.request("GET", self.DOWNLOAD, params={"fileId": file_id}, retry=False, expected=(500,))
            except RateLimited as exc:
                if attempt == self.max_retries or exc.retry_after > self.max_inline_wait:
                    raise
                self._wait_to_retry(exc.retry_after, "rate_limited")
                continue
            if response.status_code != 500:
                return response
            body = parse_body(response)
            message = self.error_message(body)
            if "not found" in message.lower():
                raise NotFound(message, status=500, body=body, method="GET", path=self.DOWNLOAD)
            if attempt == self.max_retries:
                raise TransientError(message, status=500, body=body, method="GET", path=self.DOWNLOAD)
            self._wait_to_retry(self._backoff(attempt), "server_error")
        raise AssertionError("unreachable")  # pragma: no cover

    def list_dbs_checks(self, profile_id: str) -> list[dict]:
        try:
            return self.get_json(self.DBS.format(id=quote(profile_id))) or []
        except NotFound:
            return []

    def get_right_to_work(self, profile_id: str) -> dict:
        return self.get_json(self.RIGHT_TO_WORK.format(id=quote(profile_id))) or {}

    def get_checks(self, profile_id: str, *, profile: dict | None = None) -> dict:
        """DBS checks, right to work and professional registration (read from the profile, §2.8)."""
        profile = profile or self.get_profile(profile_id)
        registration = profile.get("professionalRegistration") or {
            k: profile.get(k) for k in ("registrationNumber", "registrationNumberType", "registrationNumberStatus")
        }
        return {
            "dbs": self.list_dbs_checks(profile_id),
            "rightToWork": self.get_right_to_work(profile_id),
            "professionalRegistration": registration,
        }

    def get_references(self, profile_id: str) -> dict:
        return self.get_json(self.REFERENCES.format(id=quote(profile_id))) or {}

    def list_references(self, profile_id: str) -> list[dict]:
        return self.get_references(profile_id).get("references") or []

    def get_onboarding(self, profile_id: str, *, profile: dict | None = None) -> dict:
        """Onboarding progress. No endpoint of its own: derived from the profile's `checklists` (§2.5)."""
        checklists = (profile or self.get_profile(profile_id)).get("checklists") or []
        steps = [s for c in checklists for s in c.get("steps") or []]
        done = sum(1 for s in steps if s.get("completed"))
        statuses = {c.get("status") for c in checklists}
        status = "NOT_STARTED" if not checklists else "COMPLETED" if statuses == {"COMPLETED"} else "IN_PROGRESS"
        return {
            "status": status,
            "stepsCompleted": done,
            "stepsTotal": len(steps),
            "percent": round(100 * done / len(steps)) if steps else (100 if status == "COMPLETED" else 0),
            "checklists": checklists,
        }


def _disposition_filename(header: str) -> str:
    match = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", header)
    return match.group(1).strip() if match else ""
