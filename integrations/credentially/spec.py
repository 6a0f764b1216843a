"""Credentially: staff credentialing and compliance. See ../shared/contracts/credentially.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="credentially",
    label="Credentially",
    hosts={
        "eu": "https://app.credentially.io/gateway",
        "us": "https://us.credentially.io/gateway",
        "ca": "https://ca.credentially.io/gateway",
    },
    default_region="eu",
    credentials=(
        Field("api_key", "API key", "Issued per organisation by Credentially staff; it sees all staff data."),
    ),
    settings=(),
    webhook_auth=WebhookAuth.BASIC,
    receiver="integrations.credentially.webhooks.CredentiallyReceiver",
    client="integrations.credentially.client.CredentiallyClient",
    notes="Credentially calls back with Basic auth (webhook name and password): the generated username and "
    "password of this connection are what the hub registers with its subscription API.",
)
