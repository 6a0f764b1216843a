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
            "Organisation authorization token (in Credly: Developers > Authorization Tokens). Needs read and "
            "write. Tokens live 180 days: replace it here before it expires. Leave blank only if you use an "
            "OAuth application below instead.",
            required=False,
        ),
        Field(
            "client_id",
            "OAuth client id (optional)",
            "Only if Credly gave your organisation an OAuth application instead of a token "
            "(Developers > OAuth Applications). Needs the scopes badge_templates, issued_badges and events.",
            required=False,
        ),
        Field(
            "client_secret", "OAuth client secret (optional)", "The secret of that OAuth application.", required=False
        ),
    ),
    settings=(
        Field(
            "organization_id",
            "Organisation id",
            "The UUID in your Credly organisation's URLs (shown in Credly under Developers > Authorization Tokens).",
        ),
    ),
    webhook_auth=WebhookAuth.URL_TOKEN,
    receiver="integrations.credly.webhooks.CredlyReceiver",
    client="integrations.credly.client.CredlyClient",
    notes="Credly signs nothing: the hub checks a secret token in the URL, then fetches each event from "
    "Credly's API before acting, which proves it is genuine. Give Credly this connection's webhook URL "
    "followed by ?token=<the webhook secret shown when it was issued>.",
)
