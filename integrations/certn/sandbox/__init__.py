"""The Certn sandbox: an emulator of the CertnCentric API, one account per region at /sandbox/certn/<region>/.

`EMULATOR` is what the sandbox registry loads. The work is done in the modules beside this one:
state.py (the writers), api.py (the emulated HTTP API), pages.py (the page's actions and tables),
seed.py (accounts, demo package and group, the clock), tasks.py (worker tasks).
"""

from integrations.certn.sandbox import http, state
from integrations.certn.sandbox import seed as seeding
from integrations.sandbox.base import Emulator
from integrations.sandbox.variants import variant_on


class CertnEmulator(Emulator):
    system = "certn"
    label = "Certn"
    api_prefix = "/ca"  # the default region; other regions: base_url(region)
    connect_region = "CA"  # what the page tells an admin to choose: a connection's region must be its account's
    variants = {
        "signs_base64": "Webhooks carry X-Signature as base64 of the HMAC-SHA256 instead of hex "
        "(Certn does not publish the encoding; a public client accepts both).",
        "unsigned": "Webhooks carry no X-Signature and the account gives no signing secret "
        "(Certn calls signing recommended, not required).",
        "pdf_links_expire_15_min": "Pre-signed report PDF URLs stop working 15 minutes after they are handed "
        "out (X-Amz-Expires=900, as in the contract's sample; Certn publishes no lifetime).",
    }

    def base_url(self, region: str = "ca") -> str:
        return state.site(region.lower())

    def credentials(self, region: str = "ca") -> dict:
        acc = seeding.account(region)
        unsigned = variant_on("certn", "unsigned")  # such an account has no signing secret to give
        return {"api_key": acc.api_key, **({} if unsigned else {"webhook_secret": acc.webhook_secret})}

    def settings(self, region: str = "ca") -> dict:
        return {"portal_base_url": f"{self.base_url(region)}/portal"}

    def seed(self, *, step_seconds: int = 60) -> None:
        seeding.seed(step_seconds=step_seconds)

    def register_hub(self, *, url: str, username: str = "", secret: str = "", slug: str = "") -> None:
        """Point the region's account at the hub, then run the challenge handshake from a worker."""
        seeding.hub_register(url=url, slug=slug)

    def error_response(self, request, status: int, message: str):
        return http.error(status, message, code="not_found" if status == 404 else "invalid")


EMULATOR = CertnEmulator()
