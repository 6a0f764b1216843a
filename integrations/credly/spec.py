"""Credly: digital badges. See ../shared/contracts/credly.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="credly",
    label="Credly",
    hosts={"production": "https://api.credly.com/v1", "sandbox": "https://sandbox-api.credly.com/v1"},
    default_region="production",
    credentials=(
        Field(
            "auth_token",
            "Authorization token",
            "Organisation authorization token (Developers > Authorization "
            "Tokens in Credly). Needs read and write. Tokens live 180 days: replace it before it expires.",
        ),
    ),
    settings=(Field("organization_id", "Organisation id", "The UUID in your Credly organisation's URLs."),),
    webhook_auth=WebhookAuth.URL_TOKEN,
    receiver="integrations.credly.webhooks.CredlyReceiver",
    client="integrations.credly.client.CredlyClient",
    notes="Credly signs nothing: the hub checks a secret token in the URL, then fetches each event from "
    "Credly's API before acting, which proves it is genuine.",
)
