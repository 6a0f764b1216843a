"""Credly Web Service API client (contract: ../shared/contracts/credly.md).

Every resource hangs off the organisation (`/organizations/{org}/...`). Auth is the
organisation's authorization token as the HTTP Basic username with an empty password (§1.2),
or, for organisations given an OAuth application, client-credentials bearer tokens (§1.3).
Answers are wrapped: `{"data": ..., "metadata": {...}}`; methods return the `data` dicts.
Collections are paged by following `metadata.next_page_url` verbatim (§2.1, as Open edX does).
"""

import base64
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Literal
from urllib.parse import quote

from integrations.client import ApiClient
from integrations.client.errors import PermanentError, Unauthorized
from integrations.client.oauth import ClientCredentials

ORGANIZATIONS = "/organizations"
ORGANIZATION = ORGANIZATIONS + "/{org}"
AUTHORIZATION_TOKENS = ORGANIZATION + "/authorization_tokens"
BADGE_TEMPLATES = ORGANIZATION + "/badge_templates"
BADGE_TEMPLATE = BADGE_TEMPLATES + "/{template_id}"
BADGES = ORGANIZATION + "/badges"
BADGE = BADGES + "/{badge_id}"
BADGE_REVOKE = BADGE + "/revoke"
BADGE_REPLACE = BADGE + "/replace"
HIGH_VOLUME_BADGES = ORGANIZATION + "/high_volume_issued_badge_search"
EVENTS = ORGANIZATION + "/events"
EVENT = EVENTS + "/{event_id}"

# The documented default and example is 50; the maximum is unpublished (§2.1). 100 is what the
# sandbox clamps to; a real host that clamps lower still pages correctly via next_page_url.
PAGE_SIZE = 100
EVENTS_PAGE_SIZE = 50  # the events feed never returns more (§4.4)
BADGE_STATES = ("pending", "accepted", "rejected", "revoked")  # every state a badge can be in (§3.2)

Expiry = datetime | date | None | Literal[False]

# OAuth tokens come from the web host, not the API host (§1.3). The sandbox URL is unconfirmed;
# any other base URL (the emulator) serves it next to its /v1.
OAUTH_TOKEN_URLS = {
    "https://api.credly.com/v1": "https://www.credly.com/oauth/token",
    "https://sandbox-api.credly.com/v1": "https://sandbox.credly.com/oauth/token",
}
OAUTH_SCOPES = "badge_templates issued_badges events"


class CredlyClient(ClientCredentials, ApiClient):
    system = "credly"
    token_scope = OAUTH_SCOPES

    def __init__(self, connection, **kwargs):
        super().__init__(connection, **kwargs)
        self.organization_id = connection.setting("organization_id") or ""
        token = connection.credential("auth_token")
        self._basic = "Basic " + base64.b64encode(f"{token}:".encode()).decode() if token else ""

    def authenticate(self, headers: dict) -> None:
        """The authorization token over Basic (§1.2) or, without one, an OAuth bearer token (§1.3)."""
        if self._basic:
            headers["Authorization"] = self._basic
        elif all(self.oauth_credentials()):
            super().authenticate(headers)
        else:
            raise Unauthorized("this Credly connection has neither an authorization token nor an OAuth client")

    def on_unauthorized(self) -> bool:
        """A 401 with OAuth: the token may have expired early; fetch a new one and retry once."""
        if self._basic or not all(self.oauth_credentials()):
            return False  # a Basic token cannot be renewed: the 401 stands
        return super().on_unauthorized()

    def oauth_token_url(self) -> str:
        configured = self.connection.setting("oauth_token_url")
        return configured or OAUTH_TOKEN_URLS.get(self.base_url) or self.base_url.removesuffix("/v1") + "/oauth/token"

    def error_message(self, body) -> str:
        # Credly puts the message in data.message; some answers drop the wrapper (§2.3).
        if isinstance(body, dict) and isinstance(body.get("data"), dict) and body["data"].get("message"):
            return str(body["data"]["message"])
        return super().error_message(body)

    def _path(self, template: str, **ids: str) -> str:
        # Ids may come from a webhook body: quote them so none can step to another path.
        quoted = {k: quote(str(v), safe="") for k, v in ids.items()}
        return template.format(org=quote(str(self.organization_id), safe=""), **quoted)

    def _pages(self, path: str, params: dict) -> Iterator[dict]:
        def fetch(state: dict) -> tuple[list, dict | None]:
            answer = self.get_json(state["url"], params=state.get("params"))
            meta = answer.get("metadata") or {}
            next_url = meta.get("next_page_url")
            last = meta.get("total_pages") is not None and meta.get("current_page", 0) >= meta["total_pages"]
            return answer.get("data") or [], ({"url": next_url} if next_url and not last else None)

        return self.paginate(fetch, {"url": path, "params": params})

    # --- organisation, tokens and events -----------------------------------------------------------
    def list_organizations(self) -> Iterator[dict]:
        """The organisations these credentials may act for (§4.1)."""
        return self._pages(ORGANIZATIONS, {"per": PAGE_SIZE})

    def get_organization(self) -> dict:
        """The organisation the token acts for, with its `webhook_url`: a credentials check."""
        return _data(self.get_json(self._path(ORGANIZATION)))

    def list_authorization_tokens(self) -> Iterator[dict]:
        """The organisation's tokens with their permissions and `expires_at` (§1.2); a token without
        write or delete permission sees only the read-only ones."""
        return self._pages(self._path(AUTHORIZATION_TOKENS), {"per": PAGE_SIZE})

    def get_event(self, event_id: str) -> dict:
        """One event with its resource snapshot; a 404 means a webhook naming it was not genuine."""
        return _data(self.get_json(self._path(EVENT, event_id=event_id)))

    def list_events(self) -> Iterator[dict]:
        return self._pages(self._path(EVENTS), {"per": EVENTS_PAGE_SIZE})

    # --- badge templates ------------------------------------------------------------------------
    def list_badge_templates(self, *, state: str | Iterable[str] | None = None) -> Iterator[dict]:
        params = {"per": PAGE_SIZE}
        if state:
            params["filter"] = build_filter(state=state)
        return self._pages(self._path(BADGE_TEMPLATES), params)

    def get_badge_template(self, template_id: str) -> dict:
        return _data(self.get_json(self._path(BADGE_TEMPLATE, template_id=template_id)))

    # --- issued badges -----------------------------------------------------------------------------
    def issue_badge(
        self,
        *,
        template_id: str,
        recipient_email: str,
        first_name: str,
        last_name: str,
        issued_at: datetime | date,
        expires_at: Expiry = None,
        evidence: list[dict] | None = None,
        issuer_earner_id: str | None = None,
        notify: bool = True,
    ) -> dict:
        """Issue one badge. Not retried in place: a timed-out POST may have issued it (§6)."""
        payload = {
            "badge_template_id": template_id,
            "recipient_email": recipient_email,
            "issued_to_first_name": first_name,
            "issued_to_last_name": last_name,
            "issued_at": format_time(issued_at),
            "suppress_badge_notification_email": not notify,
        }
        payload.update(_optional(expires_at=expires_at, evidence=evidence, issuer_earner_id=issuer_earner_id))
        return _data(self.post_json(self._path(BADGES), payload, retry=False))

    def list_badges(
        self,
        *,
        template_id: str | None = None,
        state: str | Iterable[str] | None = None,
        recipient_email: str | None = None,
        issued_since: datetime | date | None = None,
    ) -> Iterator[dict]:
        """Badges newest first. `issued_since` stops paging at the first older badge: the
        `issued_at_min` filter is unconfirmed (§4.3.3), sorting by `-issued_at` is observed."""
        conditions = build_filter(recipient_email_all=recipient_email, badge_template_id=template_id, state=state)
        params = {"per": PAGE_SIZE, "sort": "-issued_at", **({"filter": conditions} if conditions else {})}
        badges = self._pages(self._path(BADGES), params)
        return badges if issued_since is None else _issued_since(badges, issued_since)

    def find_badge(self, badge_id: str, *, recipient_email: str) -> dict | None:
        """The badge as Credly holds it now, read through the documented badge list (every state,
        filtered by the earner's e-mail, §4.3.3); None when that list does not hold it."""
        conditions = build_filter(recipient_email_all=recipient_email, state=BADGE_STATES)
        for badge in self._pages(self._path(BADGES), {"per": PAGE_SIZE, "filter": conditions}):
            if str(badge.get("id")) == str(badge_id):
                return badge
        return None

    def high_volume_badges(self, *, badge_format: str = "minimal", **conditions) -> Iterator[dict]:
        """Every badge in bulk (§4.3.5): same filter keys, pages only through `next_page_url`."""
        params = {"badge_format": badge_format, **({"filter": build_filter(**conditions)} if conditions else {})}
        return self._pages(self._path(HIGH_VOLUME_BADGES), params)

    def get_badge(self, badge_id: str) -> dict:
        """GET /badges/{id}: not in Credly's public documentation (§4.3.4). No flow relies on it; the
        connection check only reports whether the tenant answers it. Flows use `find_badge`."""
        return _data(self.get_json(self._path(BADGE, badge_id=badge_id)))

    def revoke_badge(self, badge_id: str, *, reason: str) -> dict:
        payload = {"reason": reason, "suppress_revoke_notification_email": False}
        return _data(self.put_json(self._path(BADGE_REVOKE, badge_id=badge_id), payload))

    def replace_badge(
        self,
        badge_id: str,
        *,
        template_id: str,
        issued_at: datetime | date,
        expires_at: Expiry = None,
        evidence: list[dict] | None = None,
    ) -> dict:
        """Replace a badge (POST, §4.3.7); returns the new badge. A second replace is a 422
        whose `current_badge_id(exc)` names the live badge."""
        payload = {"badge_template_id": template_id, "issued_at": format_time(issued_at)}
        payload.update(_optional(expires_at=expires_at, evidence=evidence))
        return _data(self.post_json(self._path(BADGE_REPLACE, badge_id=badge_id), payload, retry=False))

    def delete_badge(self, badge_id: str) -> None:
        self.delete(self._path(BADGE, badge_id=badge_id))


def build_filter(**conditions) -> str:
    """Credly's filter syntax: `key::value`, several values comma-joined, conditions pipe-joined."""
    parts = []
    for key, value in conditions.items():
        if value is None or value == "" or value == ():
            continue
        text = value if isinstance(value, str) else ",".join(value)
        parts.append(f"{key}::{text}")
    return "|".join(parts)


def format_time(value: datetime | date) -> str:
    """The documented request format, "2014-04-01 09:41:00 -0500"; naive datetimes are UTC."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S %z")


def parse_time(value: str | None) -> datetime | None:
    """Credly's response timestamps ("2024-05-01T14:30:00.000Z") as aware datetimes."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def current_badge_id(exc: PermanentError) -> str | None:
    """The live badge a 422 "already been replaced" answer points to (§2.3), if any."""
    body = exc.body if isinstance(exc.body, dict) else {}
    return (body.get("metadata") or {}).get("current_badge_id")


def _data(answer) -> dict:
    return answer["data"]


def _optional(*, expires_at: Expiry = None, **fields) -> dict:
    out = {k: v for k, v in fields.items() if v is not None}
    if expires_at is False:
        out["expires_at"] = False  # never expires; None (omitted) takes the template's default
    elif expires_at is not None:
        out["expires_at"] = format_time(expires_at)
    return out


def _issued_since(badges: Iterator[dict], since: datetime | date) -> Iterator[dict]:
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day, tzinfo=UTC)
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    for badge in badges:
        issued = parse_time(badge.get("issued_at"))
        if issued is not None and issued < since:
            return
        yield badge
