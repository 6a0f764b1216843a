"""The Docebo sandbox: a stateful emulator of the platform's API and its Webhooks app.

`api` holds the emulated HTTP API (views in `api_*`, the token endpoint in `oauth`, the hourly
call limit in `limits`), `state` the changes to the platform (which fire webhooks), `pages` the
sandbox page's actions and tables, `seed` the demo tenant, `models` its tables.
"""

from datetime import date

from integrations.docebo.sandbox import http, seed
from integrations.docebo.sandbox.models import OAuthApp
from integrations.sandbox.base import Emulator


class DoceboEmulator(Emulator):
    system = "docebo"
    label = "Docebo"
    api_prefix = ""  # Docebo's API lives at the platform's root: /manage/v1/..., /learn/v1/...
    variants = {  # what the hub uses that Docebo does not document on these endpoints (contract §2.2, §3.6, §3.7)
        "ignores_course_filter": "GET /learn/v1/courses ignores field_<id>=<option> (documented on "
        "/learn/v1/enrollments only) and lists every course, whatever option is asked for",
        "ignores_user_filter": "GET /learn/v1/external_training ignores user_id[] and lists every "
        "learner's external training",
        "ignores_award_origin": "the certification award API ignores association_type, source and external_link "
        "(it drops them) and its award list does not show them (contract §3.7: field names unconfirmed)",
    }

    def seed(self) -> None:
        seed.seed()

    def seed_bulk(self, *, courses: int, learners: int, completions: int, completed_on: date) -> None:
        seed.seed_bulk(courses=courses, learners=learners, completions=completions, completed_on=completed_on)

    def credentials(self) -> dict:
        app = OAuthApp.objects.filter(client_id=seed.SANDBOX_CLIENT_ID).first() or seed.oauth_app()
        return {"client_id": app.client_id, "client_secret": app.client_secret}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str = "") -> None:
        """A webhook in the Webhooks app calling the hub with HTTP Basic for every event Docebo
        offers the hub's flows (what an admin does on the sandbox page's webhook form)."""
        from integrations.docebo.sandbox.webhook_page import EVENT_PICKER, webhook_upsert
        from integrations.sandbox.webhook_settings import hub_event_types

        webhook_upsert(
            name=f"Crosswalk {slug}".strip(),
            payload_url=url,
            username=username,
            password=secret,
            events=[e for e in hub_event_types("docebo") if e in EVENT_PICKER],
        )

    def error_response(self, request, status: int, message: str):
        return http.error(status, message)


EMULATOR = DoceboEmulator()
