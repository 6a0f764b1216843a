"""Certn (CertnCentric public API) client. Contract: ../shared/contracts/certn.md.

Every call carries `Authorization: Api-Key <key>` (§1.2) and every path ends with a slash:
Certn's docs warn that an unsafe method sent without it is treated as a GET (§1.3).
"""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

from integrations.client import ApiClient

CASES = "/api/public/cases/"
ORDER = "/api/public/cases/order/"
ORDER_PACKAGE = "/api/public/cases/order-package/"
CASE = "/api/public/cases/{id}/"
CANCEL = "/api/public/cases/{id}/cancel/"
GENERATE_REPORT = "/api/public/cases/{id}/generate-report/"
REPORT_FILE = "/api/public/cases/report-files/{id}/"
GROUPS = "/api/public/groups/"
PACKAGES = "/api/public/packages/"  # not in Certn's published reference (§2.2): read by the connection check only
# The portal link format is unconfirmed (contract §2.6); a connection may override the base.
PORTAL_BASE = "https://client.certn.co/{region}"
PORTAL_CASE = "/cases/{id}/"


class CertnClient(ApiClient):
    system = "certn"
    read_timeout = 15.0  # contract §5: 15 s
    # §5 suggests one retry; a second one lets a short blip (two 5xx) pass without parking the event.
    max_retries = 2

    def authenticate(self, headers: dict) -> None:
        headers["Authorization"] = f"Api-Key {self.connection.credential('api_key')}"

    def error_message(self, body) -> str:
        """Certn's error body (§2.9): `errors[]` of {attr, detail}, or a top-level `detail`."""
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            parts = [
                f"{e.get('attr')}: {e.get('detail')}" if e.get("attr") else str(e.get("detail"))
                for e in body["errors"]
                if isinstance(e, dict)
            ]
            if parts:
                return "; ".join(parts)
        return super().error_message(body)

    # --- cases -------------------------------------------------------------------------
    def order_package(
        self,
        *,
        package_id: str,
        email: str,
        group_id: str | None = None,
        send_invite_email: bool = True,
        return_invite_link: bool = False,
        language: str | None = None,
        input_claims: dict | None = None,
    ) -> dict:
        """Order a package's checks (§2.1-2.2). By default an invite: Certn e-mails the candidate,
        who enters their own details and consents.

        `input_claims` (the applicant's name, birth date, addresses...) belongs to a Quickscreen
        order only: Certn's ordering docs show it nowhere else and refuse an applicant's name in
        an invite order (§2.1), so it is refused here before anything is sent.
        """
        if input_claims and (send_invite_email or return_invite_link):
            raise ValueError("input_claims can only be sent with a Quickscreen order (no invite e-mail, no link)")
        body: dict = {"package": package_id, "email_address": email, "send_invite_email": send_invite_email}
        if return_invite_link:
            body["return_invite_link"] = True
        if group_id:
            body["group"] = group_id
        if language:
            body["applicant_language"] = language
        if input_claims:
            body["input_claims"] = input_claims
        return self.post_json(ORDER_PACKAGE, body)

    def get_case(self, case_id: str) -> dict:
        return self.get_json(CASE.format(id=case_id))

    def iter_cases(
        self,
        *,
        ordered_after: str | None = None,
        statuses: tuple[str, ...] = (),
        email: str | None = None,
        group_id: str | None = None,
        page_size: int = 50,
    ) -> Iterator[dict]:
        """Every case matching the filters (§2.4). Certn filters by order time, not by update time."""
        params: dict = {"page": 1, "page_size": page_size}
        if ordered_after:
            params["order_timeframe_after"] = ordered_after
        if statuses:
            params["overall_status"] = list(statuses)
        if email:
            params["email_address"] = email
        if group_id:
            params["group"] = group_id
        return self._pages(CASES, params)

    def cancel_case(self, case_id: str) -> None:
        self.post_json(CANCEL.format(id=case_id), {})

    # --- reports -------------------------------------------------------------------------
    def generate_report(self, case_id: str, *, language: str = "en-CA") -> str:
        """Ask for a PDF; returns the report file id. Ready later (CASE_REPORT_READY webhook)."""
        return self.post_json(GENERATE_REPORT.format(id=case_id), {"language": language})["case_report_file_id"]

    def get_report_file(self, file_id: str) -> dict:
        """{"status": PENDING|COMPLETE|FAILED, "pdf_url": pre-signed URL when COMPLETE}."""
        return self.get_json(REPORT_FILE.format(id=file_id))

    def download_report_pdf(self, pdf_url: str) -> bytes:
        """The PDF behind a pre-signed `pdf_url`. No Api-Key: the URL is its own credential, and it
        expires (lifetime unpublished, §2.6), so fetch it right after reading the report file."""
        return self.request("GET", pdf_url, auth=False, headers={"Accept": "application/pdf"}).content

    def portal_url(self, case_id: str) -> str:
        """The case in the Certn portal: needs a Certn login to view (the 'secure link' report type)."""
        base = self.connection.setting("portal_base_url") or PORTAL_BASE.format(
            region=(self.connection.region or "ca").lower()
        )
        return base.rstrip("/") + PORTAL_CASE.format(id=case_id)

    # --- groups ----------------------------------------------------------------------------
    def list_groups(self) -> list[dict]:
        return list(self._pages(GROUPS, {"page": 1}))

    # --- packages --------------------------------------------------------------------------------
    def list_packages(self) -> list[dict]:
        """Packages of the account, where Certn answers this path (unconfirmed, §2.2; NotFound if not)."""
        return list(self._pages(PACKAGES, {"page": 1}))

    def _pages(self, path: str, first: dict) -> Iterator[dict]:
        """Certn's envelope: {"pagination": {..., "next_page"}, "results": [...]} (§2.4)."""

        def fetch(params: dict) -> tuple[list, dict | None]:
            data = self.get_json(path, params=params) or {}
            following = next_page_number((data.get("pagination") or {}).get("next_page"))
            return data.get("results", []), ({**params, "page": following} if following else None)

        return self.paginate(fetch, first)


def next_page_number(value) -> int | None:
    """`next_page` is a number in Certn's example; accept a URL too (unconfirmed, §7.4)."""
    if value in (None, ""):
        return None
    if isinstance(value, int) or str(value).isdigit():
        return int(value)
    pages = parse_qs(urlparse(str(value)).query).get("page")
    return int(pages[0]) if pages and pages[0].isdigit() else None
