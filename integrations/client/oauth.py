"""OAuth2 client credentials for any client: fetch a bearer token, share it, renew it on a 401.

Tokens live in Django's cache, so every client of a connection in a process (and, with Redis,
every worker) reuses one token until shortly before it expires: vendors meter calls, and some
rate-limit the token endpoint itself. The key holds the connection, the base URL, the token URL
and the client credentials (hashed), so a connection pointed at another host or given other credentials never
sends a token that was issued for something else.
"""

import hashlib
import time

from django.core.cache import cache

from integrations.client.base import parse_body
from integrations.client.errors import Unauthorized


class ClientCredentials:
    """Mixin for an ApiClient whose system hands out client-credentials bearer tokens.

    Put it before ApiClient in the bases; set `token_url` (a path under the base URL, or an
    absolute URL) and `token_scope`, or override `oauth_token_url()` / `oauth_credentials()`.
    """

    token_url = "/oauth/token"
    token_scope = ""
    token_early_seconds = 60  # drop a cached token this long before it expires: never send a dying one
    token_default_lifetime = 3600  # when the answer gives no expires_in

    # --- what a subclass may override -------------------------------------------------------
    def oauth_credentials(self) -> tuple[str, str]:
        return self.connection.credential("client_id"), self.connection.credential("client_secret")

    def oauth_token_url(self) -> str:
        return self.token_url

    # --- the ApiClient hooks -----------------------------------------------------------------
    def authenticate(self, headers: dict) -> None:
        headers["Authorization"] = f"Bearer {self.bearer_token()}"

    def on_unauthorized(self) -> bool:
        """A 401 with a token we believed alive (revoked, or expired early): fetch a new one once."""
        self.forget_token()
        return True

    # --- the token ----------------------------------------------------------------------------
    def bearer_token(self) -> str:
        # The expiry travels with the token and is checked here, not left to the cache's TTL:
        # Redis counts time on its own clock, which tests (and skewed hosts) do not share.
        key = self.token_cache_key()
        cached = cache.get(key)
        if cached and cached[1] > time.time():
            return cached[0]
        token, lifetime = self._fetch_token()
        renew_at = time.time() + max(1, lifetime - self.token_early_seconds)
        cache.set(key, (token, renew_at), max(1, int(lifetime)))
        self.health.token_issued(expires_at=time.time() + lifetime)  # shown on the home dashboard
        return token

    def forget_token(self) -> None:
        cache.delete(self.token_cache_key())

    def token_cache_key(self) -> str:
        # Hashed: the key names no client id, and stays short whatever the URLs' length.
        # The secret is in the hash too: new credentials never reuse a token issued for the old ones.
        client_id, secret = self.oauth_credentials()
        where = "\n".join((self.base_url, self.oauth_token_url(), client_id or "", secret or ""))
        return f"oauth:{self.system}:{self.connection.pk}:{hashlib.sha256(where.encode()).hexdigest()[:24]}"

    def request_token(self) -> dict:
        """The token endpoint's answer to a new request, uncached (the connection check reads `expires_in`)."""
        client_id, secret = self.oauth_credentials()
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        if self.token_scope:
            form["scope"] = self.token_scope
        # auth=False: no bearer on the token call, and a 401 here means the credentials are wrong.
        # read=True: a token changes nothing in the system, so a dry run fetches one too.
        body = parse_body(self.request("POST", self.oauth_token_url(), data=form, auth=False, read=True))
        return body if isinstance(body, dict) else {}

    def _fetch_token(self) -> tuple[str, float]:
        body = self.request_token()
        if not body.get("access_token"):
            raise Unauthorized("the token endpoint answered without an access_token", path=self.oauth_token_url())
        return body["access_token"], float(body.get("expires_in") or self.token_default_lifetime)
