"""The iCIMS sandbox: an emulator of the REST API and its event notifications (contract icims.md).

`EMULATOR` is what the sandbox registry loads. The seeded tenant's constants (customer id,
status node ids, trigger statuses) are in `integrations.icims.sandbox.seed`.
"""

from integrations.icims.sandbox import api, http, pages, seed, state
from integrations.sandbox.base import Action, Emulator, Section


class IcimsEmulator(Emulator):
    system = "icims"
    label = "iCIMS"
    api_prefix = ""

    def urlpatterns(self) -> list:
        return api.urlpatterns()

    def actions(self) -> list[Action]:
        return pages.actions()

    def sections(self) -> list[Section]:
        return pages.sections()

    def seed(self) -> None:
        seed.seed_tenant()

    def credentials(self) -> dict:
        return {"username": seed.API_USERNAME, "password": seed.API_PASSWORD}

    def settings(self) -> dict:
        return {"customer_id": seed.CUSTOMER_ID}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str) -> None:
        """The consultant's Event Notifications setup: POST status changes to the hub with Basic auth."""
        state.register_target(url=url, username=username, secret=secret, slug=slug)

    def error_response(self, request, status: int, message: str):
        return http.error_response(status, message, http.RESOURCE_NOT_FOUND if status == 404 else 0)


EMULATOR = IcimsEmulator()
