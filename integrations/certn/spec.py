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
    region_help="A connection to Certn's sandbox (api.sandbox.certn.co) uses region sandbox, and the packages "
    "made there are entered with region sandbox too. Crosswalk's built-in sandbox instead has one account per "
    "region at /sandbox/certn/<ca|uk|au>/: choose that region (CA, UK or AU) and give that address as the "
    "API base URL (make demo sets up CA and UK).",
    credentials=(
        Field("api_key", "API key", "Client Portal > Integrations > API keys. Keys expire after 365 days."),
        Field(
            "webhook_secret",
            "Webhook signing secret",
            "Optional. The secret Certn gives when you add the webhook (Client Portal > Integrations). When set, "
            "every delivery must carry a matching X-Signature (HMAC-SHA256 of the body, hex or base64) or it is "
            "refused. When blank, unsigned deliveries are accepted: they only tell Crosswalk which case to read "
            "again from Certn's API, so a forged one can cause a read, never a wrong write.",
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
