"""The iCIMS sandbox: an emulator of the REST API and its event notifications (contract icims.md).

`EMULATOR` is what the sandbox registry loads. The seeded tenant's constants (customer id,
status node ids, trigger statuses) are in `integrations.icims.sandbox.seed`.
"""

from integrations.icims.sandbox import http, seed, state
from integrations.sandbox.base import Emulator
from integrations.sandbox.variants import variant_on


class IcimsEmulator(Emulator):
    system = "icims"
    label = "iCIMS"
    api_prefix = ""
    variants = {
        "oauth": "The tenant's integration was issued OAuth 2.0 client credentials: the API accepts only bearer "
        "tokens from the token endpoint (/oauth/token) and refuses Basic sign-in with 401.",
        "hmac": "Event notifications are signed with iCIMS's HMAC scheme (Authorization: x-icims-v1-hmac-sha256, "
        "with x-icims-date and x-icims-content-sha256) under the target's key, instead of Basic.",
    }
    # iCIMS counts a notification as processed only when the partner answers 200 OK (or 303 See
    # Other where a link is required); anything else, a 202 too, is a failed notification (§3.1).
    delivered_statuses = (200, 303)

    def seed(self) -> None:
        seed.seed_tenant()

    def credentials(self) -> dict:
        """What iCIMS hands the integrator: a Basic API user, or OAuth client credentials (variant
        `oauth`); and the key its notifications are signed with should the tenant use HMAC."""
        if variant_on("icims", "oauth"):
            issued = {"client_id": seed.API_CLIENT_ID, "client_secret": seed.API_CLIENT_SECRET}
        else:
            issued = {"username": seed.API_USERNAME, "password": seed.API_PASSWORD}
        return {**issued, "webhook_hmac_key": seed.NOTIFICATION_HMAC_KEY}

    def settings(self) -> dict:
        return {"customer_id": seed.CUSTOMER_ID}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str) -> None:
        """The consultant's Event Notifications setup: POST status changes to the hub with Basic auth
        (or, in the variant `hmac`, signed with the seeded notification key)."""
        state.register_target(url=url, username=username, secret=secret, slug=slug)

    def error_response(self, request, status: int, message: str):
        return http.error_response(status, message, http.RESOURCE_NOT_FOUND if status == 404 else 0)


EMULATOR = IcimsEmulator()
