"""How the iCIMS client signs in: HTTP Basic or OAuth 2.0 client credentials (contract §1.3).

iCIMS issues either kind by hand. The connection's setting `api_auth` chooses ("basic" or
"oauth"); blank means OAuth when a client id and secret are set, Basic otherwise. OAuth tokens
come from iCIMS's regional authorization server (hosts and the `/oauth/token` path are an
integrator's notes, unconfirmed: the setting `oauth_token_url` overrides them) and are shared and
renewed by `integrations.client.oauth.ClientCredentials`, which must follow this mixin in the bases.
"""

import base64

from integrations.client.errors import Unauthorized

BASIC, OAUTH = "basic", "oauth"
AUTH_METHODS = (BASIC, OAUTH)
OAUTH_TOKEN_URLS = {  # per API region (unconfirmed)
    "us": "https://login.icims.com/oauth/token",
    "eu": "https://login.icims.eu/oauth/token",
}
SANDBOX_TOKEN_PATH = "/oauth/token"  # under an explicit base URL (the sandbox, or a proxy)


def auth_method(connection) -> str:
    """ "basic" or "oauth" for this connection (see the module docstring)."""
    chosen = str(connection.setting("api_auth") or "").strip().lower()
    if chosen in AUTH_METHODS:
        return chosen
    if chosen:
        raise Unauthorized(f"the iCIMS setting 'API sign-in' is {chosen!r}; write basic, oauth or leave it blank")
    has_client = connection.credential("client_id") and connection.credential("client_secret")
    return OAUTH if has_client else BASIC


class IcimsAuth:
    """Mixin for IcimsClient, placed before ClientCredentials in the bases."""

    def auth_method(self) -> str:
        return auth_method(self.connection)

    def authenticate(self, headers: dict) -> None:
        if self.auth_method() == OAUTH:
            super().authenticate(headers)  # ClientCredentials: the shared bearer token
            return
        username, password = self.connection.credential("username"), self.connection.credential("password")
        if not username or not password:
            raise Unauthorized("the iCIMS connection has no API username and password (or choose OAuth)")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

    def on_unauthorized(self) -> bool:
        # Basic has nothing to renew; OAuth drops its token and fetches a new one once.
        return self.auth_method() == OAUTH and super().on_unauthorized()

    def oauth_credentials(self) -> tuple[str, str]:
        client_id, secret = self.connection.credential("client_id"), self.connection.credential("client_secret")
        if not client_id or not secret:
            raise Unauthorized("the iCIMS connection is set to OAuth but has no client id and client secret")
        return client_id, secret

    def oauth_token_url(self) -> str:
        explicit = str(self.connection.setting("oauth_token_url") or "").strip()
        if explicit:
            return explicit
        if self.connection.base_url:  # the sandbox (or a proxy) serves the token beside the API
            return SANDBOX_TOKEN_PATH
        return OAUTH_TOKEN_URLS.get(self.connection.region or "us", OAUTH_TOKEN_URLS["us"])
