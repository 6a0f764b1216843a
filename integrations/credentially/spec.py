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
    region_help="eu is Credentially's UK/EU service (app.credentially.io); us and ca are its US and Canada hosts.",
    credentials=(
        Field(
            "api_key",
            "API key",
            "Ask Credentially support or your customer success manager for an API key for your organisation. "
            "It can read all staff data, so it is stored encrypted and never shown again.",
        ),
    ),
    settings=(
        Field(
            "external_id_field",
            "Custom field for the ATS id",
            "Name of the Credentially custom profile field that holds the ATS candidate id. Blank: atsCandidateId.",
            required=False,
        ),
        Field(
            "default_role",
            "Default role",
            "Credentially role given to a new staff member when the trigger names none, e.g. 'Registered Nurse'. "
            "Blank: a role is required.",
            required=False,
        ),
        Field(
            "phone_field",
            "Custom field for the phone",
            "Credentially's API gives no phone number for a staff member (it takes one only when the staff "
            "member is created). If your organisation keeps the phone in a custom profile field, name it here "
            "and it is synced back to the ATS. Blank: the phone is not read back.",
            required=False,
        ),
        Field(
            "webhook_base_url",
            "Webhook subscription address",
            "Only if Credentially gives you one: where its webhook subscription service lives. Blank: worked out "
            "from the API address (…/gateway becomes …/webhook-gateway).",
            required=False,
        ),
    ),
    webhook_auth=WebhookAuth.BASIC,
    receiver="integrations.credentially.webhooks.CredentiallyReceiver",
    client="integrations.credentially.client.CredentiallyClient",
    register_webhook="integrations.credentially.subscriptions.register_hub_webhook",
    notes="Credentially calls back with Basic auth (webhook name and password): the generated username and "
    "password of this connection are what the hub registers with its subscription API.",
)
