"""The Credentially sandbox: emulated gateway and webhook-gateway APIs, vendor-side actions, state tables.

Mounted at /sandbox/credentially/: the REST API at `gateway/api/...` (so the connection's base
URL ends in `/gateway`, as the real one does) and subscriptions at `webhook-gateway/...`.
"""

from integrations.credentially import events
from integrations.credentially.models import DocumentFile, Profile, Reference, Requirement, Subscription
from integrations.sandbox.base import Emulator, Section

ROWS = 50  # the page shows the first rows; bulk seeds make thousands


class CredentiallyEmulator(Emulator):
    system = "credentially"
    label = "Credentially"
    api_prefix = "/gateway"

    def urlpatterns(self) -> list:
        from integrations.credentially.emulator.urls import urlpatterns

        return urlpatterns

    def actions(self):
        from integrations.credentially.emulator.actions import actions

        return actions()

    def seed(self) -> None:
        from integrations.credentially.emulator.seed import seed

        seed()

    def credentials(self) -> dict:
        from integrations.credentially.emulator.seed import seed

        return {"api_key": seed().api_key}

    def register_hub(self, *, url: str, username: str, secret: str, slug: str) -> None:
        """Subscribe the hub to every event type, replacing an earlier subscription to the same URL."""
        from integrations.credentially.emulator.api_webhooks import validate
        from integrations.credentially.emulator.seed import seed

        org = seed()
        body = {"callbackUrl": url, "webhookName": username, "password": secret, "eventTypes": list(events.CATALOGUE)}
        problem = validate(body)
        if problem:
            raise ValueError(f"Credentially would refuse this subscription: {problem}")
        org.subscriptions.filter(callback_url=url).delete()
        Subscription.objects.create(
            organisation=org, callback_url=url, webhook_name=username, password=secret, event_types=body["eventTypes"]
        )

    def sections(self) -> list[Section]:
        return [
            self._staff(),
            self._requirements(),
            self._documents(),
            self._checks(),
            self._references(),
            self._subscriptions(),
        ]

    def _staff(self) -> Section:
        rows = [
            [
                p.public_id,
                f"{p.first_name} {p.last_name}",
                p.email,
                p.phone,
                p.role.name if p.role else "",
                p.job_status,
                p.compliance_status,
                p.custom_fields,
                f"{sum(1 for s in p.onboarding_steps if s.get('completed'))}/{len(p.onboarding_steps)}",
            ]
            for p in Profile.objects.select_related("role").order_by("id")[:ROWS]
        ]
        return Section(
            "Staff",
            ["id", "name", "e-mail", "phone", "role", "job status", "compliance", "custom fields", "onboarding"],
            rows,
        )

    def _requirements(self) -> Section:
        rows = [
            [r.profile.email, r.name, r.type, r.compliance_status, ", ".join(map(str, r.tags))]
            for r in Requirement.objects.select_related("profile").order_by("profile_id", "id")[: ROWS * 5]
        ]
        return Section("Requirements", ["staff", "requirement", "type", "status", "tags"], rows)

    def _documents(self) -> Section:
        files = DocumentFile.objects.select_related("document__profile").defer("content")
        rows = [
            [
                f.document.profile.email,
                f.document.type_key,
                f.document.public_id,
                f.file_id,
                f.origin_name,
                f.size,
                f.content_type,
                f.issued,
                f.expiry,
                f.number,
                f.status,
            ]
            for f in files.order_by("document__profile_id", "document_id", "id")[: ROWS * 2]
        ]
        return Section(
            "Documents (every version)",
            [
                "staff",
                "type",
                "document",
                "file id",
                "file",
                "bytes",
                "content type",
                "issued",
                "expiry",
                "number",
                "status",
            ],
            rows,
        )

    def _checks(self) -> Section:
        rows = []
        for p in Profile.objects.select_related("right_to_work").prefetch_related("dbs_checks").order_by("id")[:ROWS]:
            dbs = ", ".join(f"{c.status} ({c.level})" for c in p.dbs_checks.all()) or "none"
            rtw = getattr(p, "right_to_work", None)
            reg = f"{p.registration_type} {p.registration_number} {p.registration_status}".strip()
            rows.append([p.email, dbs, rtw.status if rtw else "MISSING", reg or "none"])
        return Section("Checks", ["staff", "DBS", "right to work", "registration"], rows)

    def _references(self) -> Section:
        rows = [
            [r.profile.email, r.public_id, r.referee_name, r.status, r.source_status]
            for r in Reference.objects.select_related("profile").order_by("id")[: ROWS * 2]
        ]
        return Section("References", ["staff", "id", "referee", "status", "source status"], rows)

    def _subscriptions(self) -> Section:
        rows = [
            [s.public_id, s.callback_url, s.webhook_name, ", ".join(s.event_types), s.created_at]
            for s in Subscription.objects.order_by("id")
        ]
        return Section("Webhook subscriptions", ["id", "callback URL", "webhook name", "events", "created"], rows)


EMULATOR = CredentiallyEmulator()
