"""Certn (CertnCentric API): background screening. See ../shared/contracts/certn.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="certn",
    label="Certn",
    hosts={
        "CA": "https://api.ca.certn.co",
        "UK": "https://api.uk.certn.co",
        "AU": "https://api.au.certn.co",
        "sandbox": "https://api.sandbox.certn.co",
    },
    default_region="CA",
    credentials=(
        Field("api_key", "API key", "Client Portal > Integrations > API keys. Keys expire after 365 days."),
        Field(
            "webhook_secret",
            "Webhook signing secret",
            "The secret Certn signs webhooks with (X-Signature, HMAC-SHA256).",
            required=False,
        ),
    ),
    settings=(
        Field(
            "portal_base_url",
            "Portal address",
            "Where report links for the 'secure portal' report type point. Leave blank for "
            "https://client.certn.co/<region>, the region's Certn portal.",
            required=False,
        ),
    ),
    webhook_auth=WebhookAuth.HMAC,
    receiver="integrations.certn.webhooks.CertnReceiver",
    client="integrations.certn.client.CertnClient",
    notes="An account lives in one region (CA, UK or AU); ids from one region mean nothing in another.",
)
