"""Credentially Public API v2.0.0 client: staff, compliance, documents, checks, webhook subscriptions.

Contract: ../shared/contracts/credentially.md (section numbers below refer to it).
Two bases: the REST "gateway" (`.../gateway/api/...`) and the webhook subscription API
(`.../webhook-gateway/...`), derived from the gateway URL unless the connection's setting
`webhook_base_url` says otherwise. Rate limits are per named bucket (§4.1); the base client
sits out short `Retry-After` waits and raises `RateLimited` for long ones.

The reads of one staff member (§2.5-§2.9) are in `readback.py`, a mixin of this client; every
URL template is an attribute of `CredentiallyClient` below. A new connection subscribes the hub
to Credentially's webhooks with `subscriptions.register_hub_webhook` (the spec's `register_webhook`).
"""

import json
import logging
import re
from collections.abc import Iterator
from urllib.parse import quote

from integrations.client import ApiClient, NotFound
from integrations.client.base import parse_body
from integrations.credentially.readback import ReadBackMixin

logger = logging.getLogger("crosswalk.client")

API_VERSION = "2.0.0"
# Spring caps page sizes (its default cap is 2000); the contract does not publish Credentially's
# cap, so we ask for 1000 and follow `totalPages`, which stays right if the server clamps.
PAGE_SIZE = 1000
DEFAULT_EXTERNAL_ID_FIELD = "atsCandidateId"


class CredentiallyClient(ReadBackMixin, ApiClient):
    system = "credentially"

    # URL templates, all of them (readback.py uses them too). §2.1 organisation set-up
    METADATA = "/api/profile/metadata"
    GROUPS = "/api/profile/groups"
    PACKAGES = "/api/compliance-packages"
    DOCUMENT_TYPES = "/api/documents/document-types"
    LOCATIONS = "/api/locations"
    PLACEMENT_ROLES = "/api/placement-roles"
    # §2.2 / §2.5 staff
    PROFILES = "/api/profile"
    PROFILE = "/api/profile/{id}"
    PROFILE_FIND = "/api/profile/find"
    # §2.3 placements
    PLACEMENTS = "/api/placements"
    # §2.6 - §2.9 read back
    PROFILE_PACKAGES = "/api/compliance-packages/{id}"
    DOCUMENTS = "/api/documents/{id}"
    DOWNLOAD = "/api/documents/download"
    DBS = "/api/dbs/{id}"
    RIGHT_TO_WORK = "/api/profile/{id}/right-to-work"
    REFERENCES = "/api/profile/{id}/references"
    # §3.1 webhook subscriptions (on the webhook-gateway base)
    META_EVENTS = "/meta/events"
    SUBSCRIPTIONS = "/subscriptions"
    SUBSCRIPTION = "/subscriptions/{id}"

    def authenticate(self, headers: dict) -> None:
        headers["Authorization"] = f"Bearer {self.connection.credential('api_key')}"
        headers["X-API-Version"] = API_VERSION

    @property
    def webhook_base_url(self) -> str:
        override = self.connection.setting("webhook_base_url")
        if override:
            return override.rstrip("/")
        return re.sub(r"/gateway$", "/webhook-gateway", self.base_url)

    @property
    def page_size(self) -> int:
        return int(self.connection.setting("page_size") or PAGE_SIZE)

    # --- paging (§4.2: Spring pages, `page` 0-based) ---------------------------------------------
    def iter_pages(self, path: str, params: dict | None = None) -> Iterator[dict]:
        def fetch(query: dict) -> tuple[list, dict | None]:
            body = self.get_json(path, params=query) or {}
            number, pages = body.get("number", query["page"]), body.get("totalPages", 0)
            more = bool(body.get("content")) and number + 1 < pages
            return body.get("content") or [], {**query, "page": number + 1} if more else None

        return self.paginate(fetch, {**(params or {}), "page": 0, "size": self.page_size})

    # --- organisation set-up (§2.1) ---------------------------------------------------------------
    def get_metadata(self) -> dict:
        return self.get_json(self.METADATA) or {}

    def list_roles(self) -> list[dict]:
        """Roles (`personnelType`) a staff member can be created with; create uses the name."""
        return self.get_metadata().get("roles", [])

    def list_profile_fields(self) -> list[dict]:
        """Custom profile fields with their JSON schema (ATS ids are stored in these)."""
        return self.get_metadata().get("profileFields", [])

    def list_groups(self) -> list[dict]:
        return self.get_json(self.GROUPS) or []

    def list_organisations(self) -> list[dict]:
        """Sub-organisations / sites. The API key is one organisation; its groups stand for sites (§2.2)."""
        return self.list_groups()

    def list_compliance_packages(self) -> list[dict]:
        return self.get_json(self.PACKAGES) or []

    def list_document_types(self) -> list[dict]:
        return self.get_json(self.DOCUMENT_TYPES) or []

    def list_locations(self) -> list[dict]:
        return self.get_json(self.LOCATIONS) or []

    def list_placement_roles(self) -> list[dict]:
        return self.get_json(self.PLACEMENT_ROLES) or []

    # --- staff (§2.2) -----------------------------------------------------------------------------
    def find_staff_by_email(self, email: str) -> dict | None:
        try:
            return self.get_json(self.PROFILE_FIND, params={"email": email})
        except NotFound:
            return None

    def create_staff(
        self,
        *,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None = None,
        role_id: str | int | None = None,
        organisation_id: str | None = None,
        external_id: str | None = None,
        fields: dict | None = None,
        send_invite_email: bool = True,
        force_activate: bool = False,
    ) -> dict:
        """Create a staff member (PUT on the collection) and return its profile.

        `role_id` is a role's id or name (the API takes the name); `organisation_id` a group id;
        `external_id` goes to the custom field named by the setting `external_id_field`.
        """
        body = {
            "email": email,
            "firstName": first_name,
            "lastName": last_name,
            "roleName": self._role_name(role_id),
            "sendInviteEmail": send_invite_email,
            "forceActivate": force_activate,
        }
        if phone:
            body["phone"] = phone
        if organisation_id:
            body["groups"] = [self._group(organisation_id)]
        custom = dict(fields or {})
        if external_id:
            custom[self.connection.setting("external_id_field") or DEFAULT_EXTERNAL_ID_FIELD] = external_id
        if custom:
            body["fields"] = _fields(custom)
        answer = self.put_json(self.PROFILES, body, expected=(201,)) or {}
        _warn_custom_fields(answer, "create")
        return answer.get("profileDto") or {}

    def update_staff(self, profile_id: str, values: dict) -> dict:
        """Set custom fields (and `registrationNumber`) of a profile; PATCH finds it by e-mail."""
        values = dict(values)
        email = values.pop("email", None) or self.get_profile(profile_id)["email"]
        registration = values.pop("registrationNumber", None)
        answer = self.update_profile_fields(email=email, registration_number=registration, fields=values)
        return answer.get("profileDto") or {}

    def update_profile_fields(self, *, email: str, registration_number: str | None = None, fields: dict) -> dict:
        """PATCH /api/profile (§2.2): the only profile values Credentially's API changes after
        creation. Returns its whole answer: `customFieldUpdateResult` says whether the custom fields
        were taken (the staff member is updated even when they were not)."""
        body: dict = {"email": email}
        if registration_number is not None:
            body["registrationNumber"] = registration_number
        if fields:
            body["fields"] = _fields(fields)
        answer = self.patch_json(self.PROFILES, body) or {}
        _warn_custom_fields(answer, "update")
        return answer

    def _role_name(self, role: str | int | None) -> str:
        role = role if role not in (None, "") else self.connection.setting("default_role")
        if role in (None, ""):
            raise ValueError("Credentially needs a role to create a staff member; none given and no default_role set")
        for item in self.list_roles():
            if str(item.get("id")) == str(role) or item.get("name") == role:
                return item["name"]
        raise ValueError(f"Credentially has no role with id or name {role!r}")

    def _group(self, group_id: str) -> dict:
        for group in self.list_groups():
            if str(group.get("id")) == str(group_id) or group.get("name") == group_id:
                return {"id": group["id"], "name": group["name"]}
        raise ValueError(f"Credentially has no organisation group with id or name {group_id!r}")

    # --- placements (§2.3) ------------------------------------------------------------------------
    def create_placement(
        self,
        *,
        employee_id: str,
        role_id: str,
        location_id: str,
        start_date: str,
        end_date: str | None = None,
        approval_due_date: str | None = None,
        compliance_package_ids: list[str] | None = None,
    ) -> dict:
        body = {
            "employeePublicId": employee_id,
            "rolePublicId": role_id,
            "locationPublicId": location_id,
            "startDate": start_date,
            "endDate": end_date,
            "approvalDueDate": approval_due_date,
        }
        body = {k: v for k, v in body.items() if v is not None}
        if compliance_package_ids:
            body["compliancePackageIds"] = list(compliance_package_ids)
        return self.post_json(self.PLACEMENTS, body, expected=(201,)) or {}

    # --- documents (§2.7; reading them is in readback.py) -------------------------------------------
    def upload_document(
        self,
        profile_id: str,
        *,
        uploader_id: str,
        document_type_key: str,
        filename: str,
        content: bytes,
        content_type: str,
        skip_duplicates: bool = True,
    ) -> dict:
        """Upload a file to a person's document of this type (a new version if it exists), §2.7."""
        meta = {"uploaderId": uploader_id, "documentTypeKey": document_type_key, "skipDuplicates": skip_duplicates}
        files = {"data": (None, json.dumps(meta), "application/json"), "file": (filename, content, content_type)}
        return parse_body(self.request("PUT", self.DOCUMENTS.format(id=quote(profile_id)), files=files)) or {}

    # --- webhook subscriptions (§3.1, webhook-gateway base) -----------------------------------------
    def list_event_types(self) -> list[dict]:
        return self.get_json(self.webhook_base_url + self.META_EVENTS) or []

    def create_subscription(
        self, *, callback_url: str, webhook_name: str, password: str, event_types: list[str]
    ) -> dict:
        body = {
            "callbackUrl": callback_url,
            "webhookName": webhook_name,
            "password": password,
            "eventTypes": list(event_types),
        }
        return self.post_json(self.webhook_base_url + self.SUBSCRIPTIONS, body, expected=(201,))

    def list_subscriptions(self) -> list[dict]:
        body = self.get_json(self.webhook_base_url + self.SUBSCRIPTIONS)
        # The spec shows a single object; accept either shape (§3.1, unconfirmed).
        return body if isinstance(body, list) else [body] if body else []

    def delete_subscription(self, subscription_id: str) -> None:
        self.request("DELETE", self.webhook_base_url + self.SUBSCRIPTION.format(id=quote(subscription_id)))


def _warn_custom_fields(answer: dict, action: str) -> None:
    """The staff member is written even when custom fields are not; say so in the log (values never)."""
    result = answer.get("customFieldUpdateResult")
    if result and result != "SUCCESS":
        profile_id = (answer.get("profileDto") or {}).get("id", "")
        logger.warning("credentially_custom_fields action=%s profile=%s result=%s", action, profile_id, result)


def _fields(values: dict) -> list[dict]:
    return [{"fieldName": name, "value": value} for name, value in values.items()]
